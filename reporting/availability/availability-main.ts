/**
 * `bun run report availability [--from <t>] [--to <t>] [--json]` (t: ISO time or
 * epoch ms; default: the 24 hours before now): availability from the router's
 * telemetry and from the site's stream, with downtime intervals. Reads
 * DATABASE_URL (else the embedded database, started if needed), prints Markdown
 * or one JSON object. Runs through reporting/report-main.ts or on its own.
 */
import { parseArgs } from "node:util";
import { withDatabase } from "../../infra/db/with-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { buildAvailabilityReport } from "./availability-report.ts";
import { formatAvailabilityReport } from "./format-availability-report.ts";
import { readAvailabilityInput } from "./read-availability-input.ts";
import { parseTimeFlags } from "../../infra/cli/parse-time.ts";

/** One line of usage, shown on bad arguments. */
export const AVAILABILITY_USAGE = "usage: bun run report availability [--from <ISO time|epoch ms>] [--to <ISO time|epoch ms>] [--json]";

const DAY_MS = 24 * 3_600_000;

type Cli = { json: boolean; from: number; to: number };

/** The window from the flags; an open end is filled from `now` (the last 24 hours by default). */
export function parseAvailabilityCli(argv: string[], now: number): Cli | string {
  try {
    const { values } = parseArgs({ args: argv, options: { json: { type: "boolean" }, from: { type: "string" }, to: { type: "string" } }, strict: true });
    const times = parseTimeFlags({ from: values.from, to: values.to }, now);
    if (typeof times === "string") return times;
    const to = times.to ?? (times.from === undefined ? now : times.from + DAY_MS);
    const from = times.from ?? to - DAY_MS;
    if (!(to > from)) return `--to must be after --from: current window is ${new Date(from).toISOString()} – ${new Date(to).toISOString()}`;
    return { json: values.json ?? false, from, to };
  } catch (error) {
    return errorMessage(error);
  }
}

/** Runs the report for `argv` (the arguments after `availability`); resolves to the exit code. */
export async function runAvailabilityReport(argv: string[], env: Record<string, string | undefined> = process.env, now = Date.now()): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(`${AVAILABILITY_USAGE}\n\nexample:\n  bun run report availability --from 2024-06-01T00:00:00Z --json`);
    return 0;
  }
  const cli = parseAvailabilityCli(argv, now);
  if (typeof cli === "string") {
    console.error(`${cli}\n${AVAILABILITY_USAGE}`);
    return 2;
  }
  const config = parseEnv(DatabaseEnv, env);
  return await withDatabase(config, "report-availability", async (database) => {
    const report = buildAvailabilityReport(await readAvailabilityInput(database.sql, cli.from, cli.to));
    console.log(cli.json ? JSON.stringify(report) : formatAvailabilityReport(report));
    return 0;
  });
}

if (import.meta.main) process.exit(await runAvailabilityReport(process.argv.slice(2)));
