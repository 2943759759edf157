/**
 * `bun run data:refresh [--cutoff <ISO time>] [--json]`: the nightly data refresh —
 * takes a new training snapshot of the event store (events up to now, cleaned,
 * frozen, recorded) so the next training reads fixed data. Prints its id.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { ensureDatabase } from "../../infra/db/ensure-database.ts";
import { migrateDatabase } from "../../infra/db/migrate-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { loadTrainConfig } from "../train/config.ts";
import { createSnapshot } from "./create-snapshot.ts";
import { DEFAULT_CLEANING_RULES } from "./training-rows.ts";

const USAGE = "usage: bun run data:refresh [--cutoff <ISO time>] [--json]";
let args: { cutoff?: string; json?: boolean };
try {
  args = parseArgs({ args: process.argv.slice(2), options: { cutoff: { type: "string" }, json: { type: "boolean" } }, strict: true }).values;
} catch (error) {
  console.error(`${errorMessage(error)}\n${USAGE}`);
  process.exit(2);
}
const cutoff = args.cutoff === undefined ? Date.now() : Date.parse(args.cutoff);
if (Number.isNaN(cutoff)) {
  console.error(`--cutoff must be an ISO time: current value is ${JSON.stringify(args.cutoff)}\n${USAGE}`);
  process.exit(2);
}
const config = loadTrainConfig(process.env);
const server = await ensureDatabase(config, (l) => console.error(l));
const database = connectDatabase(server.url, { applicationName: "data-refresh" });
try {
  await migrateDatabase(server.url);
  const dir = resolve(import.meta.dir, "../..", config.SNAPSHOT_DIR);
  const { meta, path } = await createSnapshot(database.sql, { cutoff, rules: DEFAULT_CLEANING_RULES, dir });
  console.log(args.json ? JSON.stringify({ ...meta, path }) : `snapshot ${meta.id}: ${meta.rows.watch} watch sessions, ${meta.rows.ratings} ratings; excluded ${JSON.stringify(meta.excluded)}\n  ${path}`);
} finally {
  await database.close();
  await server.stop();
}
