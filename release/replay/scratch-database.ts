/**
 * A throwaway database for a replay of files: the project's embedded database
 * (PGlite) kept in memory, migrated, so recorded files are loaded through ingestion's
 * own stores and judged by the supervisor's own SQL, with no second copy of either.
 * Nothing outlives `close()`.
 */
import { createServer } from "node:net";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { startEmbeddedDatabase } from "../../infra/db/embedded-database.ts";
import { migrateDatabase } from "../../infra/db/migrate-database.ts";

/** A migrated, empty database and how to stop it. */
export type ScratchDatabase = { readonly database: Database; close(): Promise<void> };

/** A port the kernel had free a moment ago on 127.0.0.1, for the embedded server to bind. */
function kernelChosenPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port on 127.0.0.1"))));
    });
  });
}

/** Starts an in-memory embedded database, migrates it and connects with one connection. */
export async function openScratchDatabase(): Promise<ScratchDatabase> {
  const server = await startEmbeddedDatabase({ port: await kernelChosenPort(), dir: "memory://" });
  try {
    await migrateDatabase(server.url);
    // One connection: the embedded database runs every connection on one session.
    const database = connectDatabase(server.url, { max: 1, applicationName: "release-replay" });
    return {
      database,
      close: async () => {
        await database.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
