/**
 * `bun run report online --day <YYYY-MM-DD> [--json]` or
 * `bun run report online --from <t> [--to <t>] [--json]` (t: ISO time or epoch
 * ms; a lone --from spans a day): online quality per model version beside its
 * offline metrics. Reads DATABASE_URL (else the embedded database, started if
 * needed), the stream's clock from KAFKA_TOPIC's ingested watermark and the
 * conversion window from ONLINE_CONVERSION_WINDOW_MS; prints Markdown or one JSON
 * object. Runs through reporting/report-main.ts or on its own.
 */
import { parseArgs } from "node:util";
import { withDatabase } from "../../infra/db/with-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { parseTimeFlags } from "../../infra/cli/parse-time.ts";
import { formatOnlineReport } from "./format-online-report.ts";
import { OnlineEnv } from "./online-config.ts";
import { buildOnlineReport } from "./online-report.ts";
import { readOnlineInput } from "./read-online-input.ts";

/** Usage, shown on bad arguments. */
export const ONLINE_USAGE = "usage: bun run report online [--day <YYYY-MM-DD>, default yesterday UTC] [--json]\n       bun run report online --from <ISO time|epoch ms> [--to <ISO time|epoch ms>] [--json]";

const DAY_MS = 24 * 3_600_000;

type Cli = { json: boolean; day: string | null; from: number; to: number };

/** Epoch ms of 00:00 UTC on `day`, or null when it is not a real YYYY-MM-DD date. */
function dayStart(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? null : ms;
}

/** The day or window from the flags, or what is wrong with them. */
export function parseOnlineCli(argv: string[], now = Date.now()): Cli | string {
  try {
    const { values } = parseArgs({
      args: argv, options: { json: { type: "boolean" }, day: { type: "string" }, from: { type: "string" }, to: { type: "string" } }, strict: true,
    });
    const json = values.json ?? false;
    if (values.day !== undefined) {
      if (values.from !== undefined || values.to !== undefined) return "give --day or --from/--to, not both";
      const from = dayStart(values.day);
      if (from === null) return `--day must be a date YYYY-MM-DD: current value is ${JSON.stringify(values.day)}`;
      return { json, day: values.day, from, to: from + DAY_MS };
    }
    if (values.from === undefined) {
      if (values.to !== undefined) return "--to needs --from";
      // No window given: yesterday (UTC), the day a nightly run reports on.
      const day = new Date(now - DAY_MS).toISOString().slice(0, 10);
      const from = dayStart(day)!;
      return { json, day, from, to: from + DAY_MS };
    }
    const times = parseTimeFlags({ from: values.from, to: values.to }, now);
    if (typeof times === "string") return times;
    const from = times.from!;
    const to = times.to ?? from + DAY_MS;
    if (!(to > from)) return `--to must be after --from: current window is ${new Date(from).toISOString()} – ${new Date(to).toISOString()}`;
    return { json, day: null, from, to };
  } catch (error) {
    return errorMessage(error);
  }
}

/** Runs the report for `argv` (the arguments after `online`); resolves to the exit code. */
export async function runOnlineReport(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(`${ONLINE_USAGE}\n\nexample:\n  bun run report online --day 2024-06-01 --json`);
    return 0;
  }
  const cli = parseOnlineCli(argv);
  if (typeof cli === "string") {
    console.error(`${cli}\n${ONLINE_USAGE}`);
    return 2;
  }
  const config = parseEnv(OnlineEnv, env);
  return await withDatabase(config, "report-online", async (database) => {
    const input = await readOnlineInput(database.sql, {
      day: cli.day, from: cli.from, to: cli.to, conversionWindowMs: config.ONLINE_CONVERSION_WINDOW_MS, streamTopic: config.KAFKA_TOPIC,
    });
    const report = buildOnlineReport(input);
    console.log(cli.json ? JSON.stringify(report) : formatOnlineReport(report));
    return 0;
  });
}

if (import.meta.main) process.exit(await runOnlineReport(process.argv.slice(2)));
