/** Opens the event store: a postgres.js pool and a drizzle handle over it. */
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "../../shared/db/schema.ts";

export type Database = {
  readonly url: string;
  readonly sql: postgres.Sql;
  readonly db: PostgresJsDatabase<typeof schema>;
  close(): Promise<void>;
};

/** Connects lazily (the first query opens connections); `max` bounds the pool. */
export function connectDatabase(url: string, options: { max?: number; applicationName?: string } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 4,
    onnotice: () => {},
    connect_timeout: 10,
    // postgres.js waits ever longer between reconnects, up to 20 s; a database that was
    // restarted is back in seconds, so every process should be back within a second of it.
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    // Named prepared statements, on purpose: the embedded database multiplexes every
    // connection onto one session, and unnamed statements (prepare: false) take two
    // round trips (describe, then bind), between which another connection's query
    // replaces the unnamed statement. postgres.js names statements with a random
    // per-connection prefix, so named ones never collide.
    connection: { application_name: options.applicationName ?? "movie-recommender" },
  });
  const db = drizzle(sql, { schema });
  return { url, sql, db, close: () => sql.end({ timeout: 5 }) };
}
