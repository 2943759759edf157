/**
 * `bun run report provenance <request-id> [--json]` or
 * `bun run report provenance --user <id> --at <t> [--json]` (t: ISO time or epoch
 * ms): why a user got a list. Reads DATABASE_URL (else the embedded database,
 * started if needed) and looks for snapshots in SNAPSHOT_DIR; an unknown request
 * exits 2 with a one-line reason. Runs through reporting/report-main.ts or on its own.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { withDatabase } from "../../infra/db/with-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { parseTime, TIME_FORMS } from "../../infra/cli/parse-time.ts";
import { buildProvenance } from "./build-provenance.ts";
import { formatProvenance } from "./format-provenance.ts";
import { ProvenanceEnv } from "./provenance-config.ts";
import { type ProvenanceLookup, readProvenanceFacts } from "./read-provenance-facts.ts";

/** Usage, shown on bad arguments. */
export const PROVENANCE_USAGE = "usage: bun run report provenance <request-id> [--json]\n       bun run report provenance --user <id> --at <ISO time|epoch ms> [--json]";

/** The lookup and output format from the flags, or what is wrong with them. */
export function parseProvenanceCli(argv: string[], now = Date.now()): { json: boolean; lookup: ProvenanceLookup } | string {
  try {
    const { values, positionals } = parseArgs({
      args: argv, options: { json: { type: "boolean" }, user: { type: "string" }, at: { type: "string" } }, strict: true, allowPositionals: true,
    });
    const json = values.json ?? false;
    if (values.user === undefined && values.at === undefined) {
      if (positionals.length !== 1) return `give one request id, or --user and --at: current arguments are ${JSON.stringify(positionals)}`;
      return { json, lookup: { requestId: positionals[0] } };
    }
    if (positionals.length > 0) return `give a request id or --user and --at, not both: current request id is ${JSON.stringify(positionals[0])}`;
    if (values.user === undefined || !/^\d+$/.test(values.user)) return `--user must be a user id: current value is ${JSON.stringify(values.user ?? null)}`;
    const at = values.at === undefined ? null : parseTime(values.at, now);
    if (at === null) return `--at must be ${TIME_FORMS}: current value is ${JSON.stringify(values.at ?? null)}`;
    return { json, lookup: { userId: Number(values.user), at } };
  } catch (error) {
    return errorMessage(error);
  }
}

/** Runs the report for `argv` (the arguments after `provenance`); resolves to the exit code. */
export async function runProvenanceReport(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(`${PROVENANCE_USAGE}\n\nexample:\n  bun run report provenance <request-id> --json`);
    return 0;
  }
  const cli = parseProvenanceCli(argv);
  if (typeof cli === "string") {
    console.error(`${cli}\n${PROVENANCE_USAGE}`);
    return 2;
  }
  const config = parseEnv(ProvenanceEnv, env);
  const snapshotDir = resolve(import.meta.dir, "../..", config.SNAPSHOT_DIR);
  return await withDatabase(config, "report-provenance", async (database) => {
    const facts = await readProvenanceFacts(database.sql, cli.lookup, snapshotDir);
    if (typeof facts === "string") {
      console.error(facts);
      return 2;
    }
    const report = buildProvenance(facts);
    console.log(cli.json ? JSON.stringify(report) : formatProvenance(report));
    return 0;
  });
}

if (import.meta.main) process.exit(await runProvenanceReport(process.argv.slice(2)));
