/** `bun run data:quality [--from <time>] [--to <time>] [--json]`: the data-quality report of the event store. */
import { runMain } from "../../infra/cli/command.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { buildQualityReport, formatQualityReport } from "./quality-report.ts";
import { readQualityInputs } from "./read-quality-inputs.ts";

const command = {
  name: "bun run data:quality",
  summary: "The data-quality report of the event store: rejected and quarantined records, gaps, duplicates.",
  usage: ["[--from <time>] [--to <time>] [--json]"],
  examples: ["bun run data:quality --from -24h --json"],
  flags: {},
  json: true,
  time: ["from", "to"],
} as const;

await runMain(command, async (args, out) => {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return await withDatabase(parseEnv(DatabaseEnv, process.env), "data-quality", async (database) => {
    const report = buildQualityReport(await readQualityInputs(database.sql, iso(args.from), iso(args.to)));
    out.print(report, formatQualityReport(report));
    return "ok" as const;
  });
});
