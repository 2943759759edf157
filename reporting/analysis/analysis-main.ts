/**
 * `bun run report analysis [--json] [--from <iso> --to <iso>] [--user-api <url>]`:
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

/** A string flag that `valid` accepts, else `must be <what>: current value is "…"`. */
function checked(valid: (text: string) => boolean, what: string) {
  return z.string().superRefine((text, ctx) => {
    if (!valid(text)) ctx.addIssue({ code: "custom", message: `must be ${what}: current value is ${JSON.stringify(text)}` });
  }).optional();
}

const isoTime = (text: string) => !Number.isNaN(Date.parse(text));

/** The command line of the report. */
export const command = {
  name: "bun run report analysis",
  summary: "Feedback loops, fairness by user group and rating attacks over the event store.",
  usage: ["[--json] [--from <ISO time>] [--to <ISO time>] [--user-api <url>]"],
  examples: ["bun run report analysis --from 2024-06-01T00:00:00Z --json"],
  flags: {
    from: checked(isoTime, "an ISO time").describe("the start of the window (ISO time)"),
    to: checked(isoTime, "an ISO time").describe("the end of the window (ISO time)"),
    "user-api": checked((text) => /^https?:\/\/\S+$/.test(text), "an http(s) URL").describe("the user API for fairness (default: USER_API_URL)"),
  },
  json: true,
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
