/**
 * `bun run report provenance <request-id> [--json]` or
 * `bun run report provenance --user <id> --at <t> [--json]` (t: ISO time, epoch
 * ms or a duration like -24h): why a user got a list. Reads DATABASE_URL (else the
 * embedded database, started if needed) and looks for snapshots in SNAPSHOT_DIR;
 * an unknown request exits 2 with a one-line reason. Runs through
 * reporting/report-main.ts or on its own.
 */
import { resolve } from "node:path";
import { z } from "zod";
import { CommandError, runCommand, timeFlag, usageError } from "../../infra/cli/command.ts";
import { TIME_FORMS } from "../../infra/cli/parse-time.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { buildProvenance } from "./build-provenance.ts";
import { formatProvenance } from "./format-provenance.ts";
import { ProvenanceEnv } from "./provenance-config.ts";
import { type ProvenanceLookup, readProvenanceFacts } from "./read-provenance-facts.ts";

/** The command line of the report. */
export const command = {
  name: "bun run report provenance",
  summary: "Why a user got a list: the request, the rules, the model and its training data.",
  usage: ["<request-id> [--json]", "--user <id> --at <time> [--json]"],
  examples: ["bun run report provenance <request-id> --json"],
  flags: {
    user: z.string().transform((text, ctx) => {
      if (/^\d+$/.test(text)) return Number(text);
      ctx.addIssue({ code: "custom", message: `must be a user id: current value is ${JSON.stringify(text)}` });
      return z.NEVER;
    }).optional().describe("the user id, with --at instead of a request id"),
    at: timeFlag(Date.now()).optional().describe(`the time of the list: ${TIME_FORMS}`),
  },
  positionals: z.array(z.string()),
  json: true,
  notes: ["exit 0: the report; 2: bad usage or no such request"],
} as const;

/** The lookup from the flags, or what is wrong with them. */
export function provenanceLookup(flags: { user?: number; at?: number; positionals: readonly string[] }): ProvenanceLookup | string {
  const { user, at, positionals } = flags;
  if (user === undefined && at === undefined) {
    if (positionals.length !== 1) return `give one request id, or --user and --at: current arguments are ${JSON.stringify(positionals)}`;
    return { requestId: positionals[0] };
  }
  if (positionals.length > 0) return `give a request id or --user and --at, not both: current request id is ${JSON.stringify(positionals[0])}`;
  if (user === undefined) return "--user must be a user id: current value is null";
  if (at === undefined) return `--at must be ${TIME_FORMS}: current value is null`;
  return { userId: user, at };
}

/** Runs the report for `argv` (the arguments after `provenance`); resolves to the exit code. */
export async function runProvenanceReport(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  return (await runCommand(command, async (args, out) => {
    const lookup = provenanceLookup(args);
    if (typeof lookup === "string") throw usageError(command, lookup);
    const config = parseEnv(ProvenanceEnv, env);
    const snapshotDir = resolve(import.meta.dir, "../..", config.SNAPSHOT_DIR);
    return await withDatabase(config, "report-provenance", async (database) => {
      const facts = await readProvenanceFacts(database.sql, lookup, snapshotDir);
      if (typeof facts === "string") throw new CommandError("refused", facts);
      const report = buildProvenance(facts);
      out.print(report, formatProvenance(report));
      return "ok" as const;
    });
  }, argv))!;
}

if (import.meta.main) process.exit(await runProvenanceReport(process.argv.slice(2)));
