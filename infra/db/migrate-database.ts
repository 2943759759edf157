/** Applies the checked-in migrations (shared/db/migrations) to a database. */
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

// fileURLToPath rather than import.meta.dir: this module also runs under Deno (the router).
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../shared/db/migrations", import.meta.url));
const MIGRATION_LOCK_KEY = 7_426_001;

/** Brings the schema at `url` up to date; safe to run repeatedly and from several processes at once. */
export async function migrateDatabase(url: string): Promise<void> {
  // One dedicated connection: the session-level advisory lock taken on it keeps two
  // starting processes from applying the same migration twice.
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
