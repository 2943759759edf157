/** `bun run db:migrate`: applies the event-store migrations to DATABASE_URL or the embedded database. */
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { ensureDatabase } from "./ensure-database.ts";
import { migrateDatabase } from "./migrate-database.ts";

const env = parseEnv(DatabaseEnv, process.env);
const database = await ensureDatabase(env, (line) => console.error(line));
try {
  await migrateDatabase(database.url);
  console.error(`migrations applied to ${database.url.replace(/\/\/[^@]*@/, "//")}`);
} finally {
  await database.stop();
}
