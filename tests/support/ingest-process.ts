/**
 * The ingestion process as the crash and outage tests run it: `bun ingest/main.ts` with
 * short backoffs and session timeout, its log kept in memory, and the waits a test needs
 * around it. Every process started is remembered until it exits, so a test file's
 * `afterAll` can kill what a failed test left behind.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type postgres from "postgres";
import { TEST_TELEMETRY_SIGNING_KEY } from "../../router/testing/sample-telemetry-event.ts";

const ROOT = join(import.meta.dir, "../..");

export type IngestProcess = ChildProcess & { output(): string };

/** Processes started and not yet exited. */
export const runningIngests = new Set<ChildProcess>();

/** Starts ingestion with `env` over the test defaults; its stderr (the JSON log) is kept. */
export function startIngest(env: Record<string, string>): IngestProcess {
  const child = spawn(join(ROOT, "node_modules/.bin/bun"), ["ingest/main.ts"], {
    cwd: ROOT,
    // Telemetry ingestion refuses to start without the router's key.
    env: {
      ...process.env,
      INGEST_MAX_BACKOFF_MS: "500",
      INGEST_SESSION_TIMEOUT_MS: "6000",
      TELEMETRY_SIGNING_KEY: TEST_TELEMETRY_SIGNING_KEY,
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  runningIngests.add(child);
  child.once("exit", () => runningIngests.delete(child));
  return Object.assign(child, { output: () => output });
}

/**
 * Rejects once `child` exits, with its exit code and last log lines: raced with a wait, an
 * ingestion that died fails the test at once and says how, instead of timing out silently.
 */
export function exitedEarly(child: IngestProcess): Promise<never> {
  return new Promise((_, reject) =>
    child.once("exit", (code, signal) =>
      reject(new Error(`ingest exited (code ${code}, signal ${signal}) before it caught up; its last lines:\n${child.output().slice(-6000)}`))
    )
  );
}

/** Resolves once `child` has exited (at once if it already has). */
export function stopped(child: ChildProcess): Promise<unknown> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
}

/** The simple-query message postgres.js opens every transaction with. */
export const BEGIN = "begin \u0000";

/**
 * Lines `consumer` has applied: the sum of its stored next offsets over every partition
 * and topic, which equals the lines produced once it has caught up (offsets start at 0).
 */
export async function appliedLines(sql: postgres.Sql, consumer: string): Promise<number> {
  const [row] = await sql`select coalesce(sum(next_offset), 0)::int as n from ingest_checkpoints where consumer = ${consumer}`;
  return row.n as number;
}
