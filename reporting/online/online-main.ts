/**
 * `bun run report online --day <YYYY-MM-DD> [--json]` or
 * `bun run report online --from <t> [--to <t>] [--json]` (t: ISO time, epoch ms
 * or a duration like -24h; a lone --from spans a day): online quality per model
 * version beside its offline metrics. Reads DATABASE_URL (else the embedded
 * database, started if needed), the stream's clock from KAFKA_TOPIC's ingested
 * watermark and the conversion window from ONLINE_CONVERSION_WINDOW_MS; prints
 * Markdown or one JSON object. Runs through reporting/report-main.ts or on its own.
 */
import { z } from "zod";
import { runCommand, usageError } from "../../infra/cli/command.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { formatOnlineReport } from "./format-online-report.ts";
import { OnlineEnv } from "./online-config.ts";
import { buildOnlineReport } from "./online-report.ts";
import { readOnlineInput } from "./read-online-input.ts";

const DAY_MS = 24 * 3_600_000;

/** Epoch ms of 00:00 UTC on `day`, or null when it is not a real YYYY-MM-DD date. */
function dayStart(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? null : ms;
}

/** The command line of the report. */
export const command = {
  name: "bun run report online",
  summary: "Online quality per model version beside its offline metrics, for a day (default: yesterday, UTC) or a window.",
  usage: ["[--day <YYYY-MM-DD>] [--json]", "--from <time> [--to <time>] [--json]"],
  examples: ["bun run report online --day 2024-06-01 --json"],
  flags: {
    day: z.string().superRefine((day, ctx) => {
      if (dayStart(day) === null) ctx.addIssue({ code: "custom", message: `must be a date YYYY-MM-DD: current value is ${JSON.stringify(day)}` });
    }).optional().describe("the UTC day to report on (default: yesterday); not with --from/--to"),
  },
  json: true,
  time: ["from", "to"],
} as const;

/** The day or window from the flags, or what is wrong with them. */
export function onlineWindow(flags: { day?: string; from?: number; to?: number }, now: number): { day: string | null; from: number; to: number } | string {
  if (flags.day !== undefined) {
    if (flags.from !== undefined || flags.to !== undefined) return "give --day or --from/--to, not both";
    const from = dayStart(flags.day)!;
    return { day: flags.day, from, to: from + DAY_MS };
  }
  if (flags.from === undefined) {
    if (flags.to !== undefined) return "--to needs --from";
    // No window given: yesterday (UTC), the day a nightly run reports on.
    const day = new Date(now - DAY_MS).toISOString().slice(0, 10);
    const from = dayStart(day)!;
    return { day, from, to: from + DAY_MS };
  }
  const to = flags.to ?? flags.from + DAY_MS;
  if (!(to > flags.from)) return `--to must be after --from: current window is ${new Date(flags.from).toISOString()} – ${new Date(to).toISOString()}`;
  return { day: null, from: flags.from, to };
}

/** Runs the report for `argv` (the arguments after `online`); resolves to the exit code. */
export async function runOnlineReport(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  return (await runCommand(command, async (args, out) => {
    const window = onlineWindow(args, Date.now());
    if (typeof window === "string") throw usageError(command, window);
    const config = parseEnv(OnlineEnv, env);
    return await withDatabase(config, "report-online", async (database) => {
      const input = await readOnlineInput(database.sql, {
        ...window, conversionWindowMs: config.ONLINE_CONVERSION_WINDOW_MS, streamTopic: config.KAFKA_TOPIC,
      });
      const report = buildOnlineReport(input);
      out.print(report, formatOnlineReport(report));
      return "ok" as const;
    });
  }, argv))!;
}

if (import.meta.main) process.exit(await runOnlineReport(process.argv.slice(2)));
