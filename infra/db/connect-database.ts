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
    // The embedded database sits behind one socket; prepared statements would be
    // bound to connections it multiplexes, so plain queries are the portable choice.
    prepare: false,
    connection: { application_name: options.applicationName ?? "movie-recommender" },
  });
  const db = drizzle(sql, { schema });
  return { url, sql, db, close: () => sql.end({ timeout: 5 }) };
}
