/** Chooses the database a process uses: DATABASE_URL, else the embedded server (started when not running). */
import type { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { embeddedDatabaseUrl, type EmbeddedDatabase, isPortOpen, startEmbeddedDatabase } from "./embedded-database.ts";

/**
 * A database URL for this process and a `stop` that releases only what this call
 * started: a real server or an embedded one already running is left alone.
 */
export async function ensureDatabase(env: DatabaseEnv, log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, stop: async () => {} };
  const port = env.EMBEDDED_DATABASE_PORT;
  if (await isPortOpen(port)) {
    return { url: embeddedDatabaseUrl(port), stop: async () => {} };
  }
  log(`starting the embedded database (PGlite) on 127.0.0.1:${port}, data in ${env.EMBEDDED_DATABASE_DIR}`);
  return await startEmbeddedDatabase({ port, dir: env.EMBEDDED_DATABASE_DIR });
}
