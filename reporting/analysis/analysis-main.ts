/**
 * `bun run report analysis [--json] [--from <iso> --to <iso>] [--user-api <url>]`:
 * feedback loops, fairness and rating attacks over the event store. Reads
 * DATABASE_URL (else the embedded database, started if needed), fetches user
 * attributes from the user API (`--user-api`, else USER_API_URL; without either
 * the fairness section says it was skipped), prints Markdown or one JSON object.
 * Runs through reporting/report-main.ts or on its own.
 */
import { parseArgs } from "node:util";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { AnalysisEnv } from "./analysis-config.ts";
import { buildAnalysisReport } from "./analysis-report.ts";
import { fetchUserAttributes } from "./fetch-user-attributes.ts";
import { formatAnalysisReport } from "./format-analysis-report.ts";
import { readAnalysisInput } from "./read-analysis-input.ts";
import type { UserAttributeSource } from "./user-attributes.ts";

/** One line of usage, shown on bad arguments. */
export const ANALYSIS_USAGE = "usage: bun run report analysis [--json] [--from <ISO time>] [--to <ISO time>] [--user-api <url>]";

type Cli = { json: boolean; from: string | null; to: string | null; userApi: string | null };

function parseCli(argv: string[]): Cli | string {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: "boolean" }, from: { type: "string" }, to: { type: "string" }, "user-api": { type: "string" } },
      strict: true,
    });
    for (const flag of ["from", "to"] as const) {
      const value = values[flag];
      if (value !== undefined && Number.isNaN(Date.parse(value))) return `--${flag} must be an ISO time: current value is ${JSON.stringify(value)}`;
    }
    const userApi = values["user-api"];
    if (userApi !== undefined && !/^https?:\/\/\S+$/.test(userApi)) return `--user-api must be an http(s) URL: current value is ${JSON.stringify(userApi)}`;
    return { json: values.json ?? false, from: values.from ?? null, to: values.to ?? null, userApi: userApi ?? null };
  } catch (error) {
    return errorMessage(error);
  }
}

/** Runs the report for `argv` (the arguments after `analysis`); resolves to the exit code. */
export async function runAnalysisReport(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(`${ANALYSIS_USAGE}\n\nexample:\n  bun run report analysis --from 2024-06-01T00:00:00Z --json`);
    return 0;
  }
  const cli = parseCli(argv);
  if (typeof cli === "string") {
    console.error(`${cli}\n${ANALYSIS_USAGE}`);
    return 2;
  }
  const config = parseEnv(AnalysisEnv, env);
  return await withDatabase(config, "report-analysis", async (database) => {
    const input = await readAnalysisInput(database.sql, cli.from, cli.to);
    const base = cli.userApi ?? config.USER_API_URL ?? null;
    const attributes: UserAttributeSource = base === null
      ? { status: "unavailable", reason: "no user API configured (--user-api or USER_API_URL)" }
      : await fetchUserAttributes(base, input.recommendations.map((r) => r.userId), { concurrency: config.USER_API_CONCURRENCY });
    const report = buildAnalysisReport(input, attributes);
    console.log(cli.json ? JSON.stringify(report) : formatAnalysisReport(report));
    return 0;
  });
}

if (import.meta.main) process.exit(await runAnalysisReport(process.argv.slice(2)));
