/**
 * A fresh, migrated database for one test file: a new database on the real
 * Postgres at 127.0.0.1:5432 when it is reachable, else an in-memory embedded
 * server. TEST_DATABASE=embedded forces the embedded path (the test runner runs the
 * integration suites both ways).
 */
import postgres from "postgres";
import { startEmbeddedDatabase, isPortOpen } from "../../infra/db/embedded-database.ts";
import { migrateDatabase } from "../../infra/db/migrate-database.ts";
import { freePort } from "./free-port.ts";

export type TestDatabase = { readonly url: string; readonly kind: "postgres" | "embedded"; drop(): Promise<void> };

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Creates and migrates a throwaway database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = new URL(ADMIN_URL);
  const realAvailable = process.env.TEST_DATABASE !== "embedded" && (await isPortOpen(Number(adminUrl.port || 5432), adminUrl.hostname));
  if (!realAvailable) {
    if (process.env.TEST_DATABASE !== "embedded") console.warn("[test-database] Postgres on 127.0.0.1:5432 unreachable: using the embedded database");
    const server = await startEmbeddedDatabase({ port: await freePort(), dir: "memory://" });
    await migrateDatabase(server.url);
    return { url: server.url, kind: "embedded", drop: () => server.stop() };
  }
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  adminUrl.pathname = `/${name}`;
  const url = adminUrl.toString();
  await migrateDatabase(url);
  return {
    url,
    kind: "postgres",
    drop: async () => {
      const cleanup = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
