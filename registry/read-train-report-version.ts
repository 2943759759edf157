/** The model version a train report names (what `bun run train --json` printed), as the Jenkins steps pass it. */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { formatPathIssues } from "../infra/cli/command.ts";
import { CommandError } from "../infra/cli/exit-codes.ts";
import { errorMessage } from "../infra/log/logger.ts";

const TrainReport = z.object({ version: z.string().min(1) });

/** The `version` of the train report at `path`; a usage error naming the file when it has none. */
export function readTrainReportVersion(path: string): string {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CommandError("usage", `${path} is not a train report: ${errorMessage(error)}`);
  }
  const parsed = TrainReport.safeParse(json);
  if (!parsed.success) throw new CommandError("usage", `${path} is not a train report: ${formatPathIssues(parsed.error.issues)}`);
  return parsed.data.version;
}
