/** Applies the checked-in migrations (shared/db/migrations) to a database. */
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { readMigrationFiles } from "drizzle-orm/migrator";
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
    // A service's own role (compose: ops/postgres/roles.sql) may read the ledger but change
    // no schema, and drizzle's first statement is a CREATE SCHEMA: a current schema takes
    // no lock and no DDL.
    if (await isSchemaCurrent(sql)) return;
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Whether the ledger holds the newest checked-in migration (drizzle's own test: created_at against the folders' times). */
async function isSchemaCurrent(sql: postgres.Sql): Promise<boolean> {
  const [ledger] = await sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
  if (!ledger.present) return false;
  const [last] = await sql`select max(created_at)::text as created_at from drizzle.__drizzle_migrations`;
  const newest = Math.max(...readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => m.folderMillis));
  return last.created_at !== null && Number(last.created_at) >= newest;
}
