/** `bun run data:quality [--from <time>] [--to <time>] [--json]`: the data-quality report of the event store. */
import { parseArgs } from "node:util";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { ensureDatabase } from "../../infra/db/ensure-database.ts";
import { migrateDatabase } from "../../infra/db/migrate-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { buildQualityReport, formatQualityReport } from "./quality-report.ts";
import { readQualityInputs } from "./read-quality-inputs.ts";

const USAGE = "usage: bun run data:quality [--from <ISO time>] [--to <ISO time>] [--json]";

function parseCli() {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" } },
      strict: true,
    });
    for (const flag of ["from", "to"] as const) {
      const value = values[flag];
      if (value !== undefined && Number.isNaN(Date.parse(value))) throw new Error(`--${flag} must be an ISO time: current value is ${JSON.stringify(value)}`);
    }
    return values;
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    process.exit(2);
  }
}

const args = parseCli();
const env = parseEnv(DatabaseEnv, process.env);
const server = await ensureDatabase(env, (l) => console.error(l));
try {
  await migrateDatabase(server.url);
  const database = connectDatabase(server.url, { applicationName: "data-quality" });
  try {
    const report = buildQualityReport(await readQualityInputs(database.sql, args.from ?? null, args.to ?? null));
    console.log(args.json ? JSON.stringify(report) : formatQualityReport(report));
  } finally {
    await database.close();
  }
} finally {
  await server.stop();
}
