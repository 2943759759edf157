/**
 * A fresh, migrated database for one test file: a new database on the real
 * Postgres at 127.0.0.1:5432 when it is reachable, else an embedded server of its
 * own. TEST_DATABASE=embedded forces the embedded path (the test runner runs the
 * integration suites both ways).
 *
 * An embedded server that starts empty spends seconds of CPU on initdb and the
 * migrations, once per test file: most of the embedded pass's time. So the first one
 * of a run builds a migrated data directory, the template, and every embedded test
 * database starts on a copy of it. The template's name carries a digest of the
 * migrations and of the PGlite version, so a changed schema never starts from a stale
 * one, and it is built under a temporary name and renamed into place, so concurrent
 * test processes never see half of one.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startEmbeddedDatabase, isPortOpen } from "../../infra/db/embedded-database.ts";
import { MIGRATIONS_FOLDER, migrateDatabase } from "../../infra/db/migrate-database.ts";
import { freePort } from "./free-port.ts";

export type TestDatabase = { readonly url: string; readonly kind: "postgres" | "embedded"; drop(): Promise<void> };

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Creates and migrates a throwaway database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = new URL(ADMIN_URL);
  const realAvailable = process.env.TEST_DATABASE !== "embedded" && (await isPortOpen(Number(adminUrl.port || 5432), adminUrl.hostname));
  if (!realAvailable) {
    if (process.env.TEST_DATABASE !== "embedded") console.warn("[test-database] Postgres on 127.0.0.1:5432 unreachable: using the embedded database");
    const dir = mkdtempSync(join(tmpdir(), "test-database-"));
    rmSync(dir, { recursive: true });
    cpSync(await migratedTemplate(), dir, { recursive: true });
    const server = await startEmbeddedDatabase({ port: await freePort(), dir });
    // A no-op on a current template; it still proves the copy opened as a migrated database.
    await migrateDatabase(server.url);
    return {
      url: server.url,
      kind: "embedded",
      drop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
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

let template: Promise<string> | null = null;

/** The migrated data directory embedded test databases start from, built once per schema. */
function migratedTemplate(): Promise<string> {
  return template ??= buildTemplate().catch((error) => {
    template = null; // a failed build is tried again by the next test file, not remembered
    throw error;
  });
}

async function buildTemplate(): Promise<string> {
  const path = join(tmpdir(), `test-database-template-${schemaDigest()}`);
  if (existsSync(path)) return path;
  const building = mkdtempSync(join(tmpdir(), "test-database-template-building-"));
  rmSync(building, { recursive: true });
  const server = await startEmbeddedDatabase({ port: await freePort(), dir: building });
  try {
    await migrateDatabase(server.url);
  } finally {
    await server.stop();
  }
  try {
    renameSync(building, path);
  } catch (error) {
    // Another test process renamed its template into place first: theirs serves as well.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(path)) throw error;
  }
  return path;
}

/** A digest of every migration file and of the PGlite version that writes the data directory. */
function schemaDigest(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_FOLDER);
  // A URL rather than import.meta.dir: this module also runs under Deno (the router's tests).
  hash.update(readFileSync(new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url)));
  return hash.digest("hex").slice(0, 16);
}
