/**
 * The embedded default database: PGlite served over the Postgres wire protocol by
 * @electric-sql/pglite-socket, so every process connects the same way it would to a
 * real server. It listens on 127.0.0.1 only and asks every client for the port's password
 * (SCRAM-SHA-256; embedded-database-password.ts), which its URL carries. NOTIFY does not
 * cross its connections; everything that listens also polls.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createConnection } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { redactUrlCredentials } from "../../shared/text/redact-url-credentials.ts";
import { stopChild } from "../process/stop-child.ts";
import { embeddedDatabasePassword } from "./embedded-database-password.ts";

// fileURLToPath rather than import.meta.dir: this module also runs under Deno (the router).
const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUN = join(PROJECT_ROOT, "node_modules/.bin/bun");
const SERVER_MAIN = join(PROJECT_ROOT, "infra/db/embedded-server-main.ts");

export type EmbeddedDatabase = { readonly url: string; stop(): Promise<void> };

/** Resolves once something accepts TCP connections on 127.0.0.1:port, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isPortOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** True when a TCP connection to 127.0.0.1:port succeeds. */
export function isPortOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolvePromise(open);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

/**
 * Resolves once `select 1` succeeds at `url`, retrying; rejects with the last error after
 * `timeoutMs`, or as soon as `abandoned()` says the server it waits for is gone.
 */
export async function waitForQuery(url: string, timeoutMs: number, abandoned: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Messages name the URL without its password.
    if (abandoned()) throw new Error(`Stopped waiting for the database at ${redactUrlCredentials(url)}: its server is gone`);
    const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        const reason = redactUrlCredentials(error instanceof Error ? error.message : String(error));
        throw new Error(`The database at ${redactUrlCredentials(url)} does not answer: ${reason}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  }
}

/**
 * The URL of the embedded database on 127.0.0.1:`port`, its password included: whoever
 * is handed it (a child's DATABASE_URL, `.data/system.json`) can log in, no one else.
 */
export const embeddedDatabaseUrl = (port: number) =>
  `postgres://postgres:${embeddedDatabasePassword(port)}@127.0.0.1:${port}/postgres`;

/**
 * The command line of the PGlite server on `port` with its data in `dir` (resolved from
 * the project root; `memory://` keeps none), creating the data directory's parent. A
 * supervisor runs it again with the same line after a crash: same port, same data.
 */
export function embeddedServerCommand(options: { port: number; dir: string }): { readonly command: string; readonly args: readonly string[] } {
  const dataPath = options.dir === "memory://" ? "memory://" : resolve(PROJECT_ROOT, options.dir);
  if (dataPath !== "memory://") mkdirSync(dirname(dataPath), { recursive: true });
  // npm start's own processes hold about 16 connections (two routers, ingestion, the
  // workers); the commands run beside it (release, train, models, the chaos drill) need room.
  return { command: BUN, args: [SERVER_MAIN, `--db=${dataPath}`, `--port=${options.port}`, "--host=127.0.0.1", "--max-connections=64"] };
}

/**
 * Starts a PGlite server on `port` keeping its data in `dir` (or in memory for
 * `memory://`). The port doubles as the lock on the data directory: callers check
 * it first (see ensureDatabase) so two servers never open the same files.
 */
export async function startEmbeddedDatabase(options: { port: number; dir: string }): Promise<EmbeddedDatabase> {
  const { command, args } = embeddedServerCommand(options);
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  // Only the tail is kept: it explains a failed start, and the server runs for days.
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`the embedded database server exited with ${code} before listening:\n${output}`)))
  );
  await Promise.race([waitForPort(options.port, 60_000), exited]);
  // The port opens before a fresh data directory is fully initialised; the first
  // connections can then be reset. Ready means a query was answered.
  await Promise.race([waitForQuery(embeddedDatabaseUrl(options.port), 30_000), exited]);
  return { url: embeddedDatabaseUrl(options.port), stop: () => stopChild(child) };
}
