/**
 * The database session of a one-shot command: the configured database (the embedded
 * one started if it is not running), migrated, connected; afterwards the connection is
 * closed and only what this call started is stopped, whatever `work` did.
 */
import type { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { connectDatabase, type Database } from "./connect-database.ts";
import { ensureDatabase } from "./ensure-database.ts";
import { migrateDatabase } from "./migrate-database.ts";

/** Runs `work` with a migrated database; `log` gets the embedded start-up line. */
export async function withDatabase<T>(
  env: DatabaseEnv,
  applicationName: string,
  work: (database: Database) => Promise<T>,
  log: (line: string) => void = (line) => console.error(line),
): Promise<T> {
  const server = await ensureDatabase(env, log);
  try {
    await migrateDatabase(server.url);
    const database = connectDatabase(server.url, { applicationName });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  } finally {
    await server.stop();
  }
}
