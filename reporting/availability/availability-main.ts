/**
 * `bun run report availability [--from <t>] [--to <t>] [--json]` (t: ISO time,
 * epoch ms or a duration like -24h; default: the 24 hours before now):
 * availability from the router's telemetry and from the site's stream, with
 * downtime intervals. Reads DATABASE_URL (else the embedded database, started if
 * needed), prints Markdown or one JSON object. Runs through
 * reporting/report-main.ts or on its own.
 */
import { runCommand, usageError } from "../../infra/cli/command.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { buildAvailabilityReport } from "./availability-report.ts";
import { formatAvailabilityReport } from "./format-availability-report.ts";
import { readAvailabilityInput } from "./read-availability-input.ts";

const DAY_MS = 24 * 3_600_000;

/** The command line of the report. */
export const command = {
  name: "bun run report availability",
  summary: "Availability from the router's telemetry and from the site's stream, with downtime intervals; default: the 24 hours before now.",
  usage: ["[--from <time>] [--to <time>] [--json]"],
  examples: ["bun run report availability --from 2024-06-01T00:00:00Z --json"],
  flags: {},
  json: true,
  time: ["from", "to"],
} as const;

/** The window from the time flags; an open end is filled from `now` (the last 24 hours by default). */
export function availabilityWindow(times: { from?: number; to?: number }, now: number): { from: number; to: number } | string {
  const to = times.to ?? (times.from === undefined ? now : times.from + DAY_MS);
  const from = times.from ?? to - DAY_MS;
  if (!(to > from)) return `--to must be after --from: current window is ${new Date(from).toISOString()} – ${new Date(to).toISOString()}`;
  return { from, to };
}

/** Runs the report for `argv` (the arguments after `availability`); resolves to the exit code. */
export async function runAvailabilityReport(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  return (await runCommand(command, async (args, out) => {
    const window = availabilityWindow(args, Date.now());
    if (typeof window === "string") throw usageError(command, window);
    return await withDatabase(parseEnv(DatabaseEnv, env), "report-availability", async (database) => {
      const report = buildAvailabilityReport(await readAvailabilityInput(database.sql, window.from, window.to));
      out.print(report, formatAvailabilityReport(report));
      return "ok" as const;
    });
  }, argv))!;
}

if (import.meta.main) process.exit(await runAvailabilityReport(process.argv.slice(2)));
