/**
 * `bun run report analysis [--json] [--from <t>] [--to <t>] [--user-api <url>]` (t: ISO
 * time, epoch ms or a duration like -24h):
 * feedback loops, fairness and rating attacks over the event store. Reads
 * DATABASE_URL (else the embedded database, started if needed), fetches user
 * attributes from the user API (`--user-api`, else USER_API_URL; without either
 * the fairness section says it was skipped), prints Markdown or one JSON object.
 * Runs through reporting/report-main.ts or on its own.
 */
import { z } from "zod";
import { runCommand } from "../../infra/cli/command.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { AnalysisEnv } from "./analysis-config.ts";
import { buildAnalysisReport } from "./analysis-report.ts";
import { fetchUserAttributes } from "./fetch-user-attributes.ts";
import { formatAnalysisReport } from "./format-analysis-report.ts";
import { readAnalysisInput } from "./read-analysis-input.ts";
import type { UserAttributeSource } from "./user-attributes.ts";

/** The command line of the report. */
export const command = {
  name: "bun run report analysis",
  summary: "Feedback loops, fairness by user group and rating attacks over the event store.",
  usage: ["[--json] [--from <time>] [--to <time>] [--user-api <url>]"],
  examples: ["bun run report analysis --from -7d --json"],
  flags: {
    "user-api": z.string().regex(/^https?:\/\/\S+$/, {
      error: (issue) => `must be an http(s) URL: current value is ${JSON.stringify(issue.input)}`,
    }).optional().describe("the user API for fairness (default: USER_API_URL)"),
  },
  json: true,
  time: ["from", "to"],
  notes: ["--from and --to bound the window [from, to); an open end is the data's own first or last time"],
} as const;

/** Runs the report for `argv` (the arguments after `analysis`); resolves to the exit code. */
export async function runAnalysisReport(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  return (await runCommand(command, async (args, out) => {
    const config = parseEnv(AnalysisEnv, env);
    return await withDatabase(config, "report-analysis", async (database) => {
      const input = await readAnalysisInput(database.sql, args.from ?? null, args.to ?? null);
      const base = args["user-api"] ?? config.USER_API_URL ?? null;
      const attributes: UserAttributeSource = base === null
        ? { status: "unavailable", reason: "no user API configured (--user-api or USER_API_URL)" }
        : await fetchUserAttributes(base, input.recommendations.map((r) => r.userId), { concurrency: config.USER_API_CONCURRENCY });
      const report = buildAnalysisReport(input, attributes);
      out.print(report, formatAnalysisReport(report));
      return "ok" as const;
    });
  }, argv))!;
}

if (import.meta.main) process.exit(await runAnalysisReport(process.argv.slice(2)));
