import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { promoteModel, registerModel } from "../registry/model-registry.ts";
import { ModelManifest } from "../shared/model/manifest.ts";
import { freePort } from "../tests/support/free-port.ts";
import { startTcpProxy, type TcpProxy } from "../tests/support/tcp-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { SERVED_ARTIFACT_FILE } from "./model/served-artifact-memory.ts";
import { EXPECTED, writeCircleArtifact } from "./testing/circle-artifacts.ts";

const root = mkdtempSync(join(tmpdir(), "worker-without-registry-"));
let testDb: TestDatabase;
let database: Database;
let proxy: TcpProxy | undefined;
const running = new Set<WorkerProcess>();

type LogLine = { level: string; message: string; [field: string]: unknown };
type WorkerProcess = { url: string; lines: string[]; child: ReturnType<typeof Bun.spawn>; stderrDone: Promise<void> };

/** A worker process following the production model, its stderr collected line by line. */
async function startWorker(databaseUrl: string, stateDir: string): Promise<WorkerProcess> {
  const port = await freePort();
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "main.ts")], {
    env: {
      ...process.env, DATABASE_URL: databaseUrl, WORKER_PORT: String(port), WORKER_HOST: "127.0.0.1",
      WORKER_MODEL_VERSION: "production", WORKER_REGISTRY_POLL_MS: "100", WORKER_STATE_DIR: stateDir,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const lines: string[] = [];
  const stderrDone = (async () => {
    let rest = "";
    for await (const chunk of child.stderr as ReadableStream<Uint8Array>) {
      rest += new TextDecoder().decode(chunk);
      const complete = rest.split("\n");
      rest = complete.pop() ?? "";
      lines.push(...complete);
    }
    if (rest) lines.push(rest);
  })();
  const worker = { url: `http://127.0.0.1:${port}`, lines, child, stderrDone };
  running.add(worker);
  await waitFor("the worker to listen", async () => (await fetch(`${worker.url}/healthz`)).ok, 30_000, 50);
  return worker;
}

/** SIGTERM, then the exit code and the whole log, each line parsed (a line that is not JSON fails the parse). */
async function stopWorker(worker: WorkerProcess): Promise<{ code: number; log: LogLine[]; stdout: string }> {
  worker.child.kill("SIGTERM");
  const code = await worker.child.exited;
  await worker.stderrDone;
  running.delete(worker);
  const stdout = await new Response(worker.child.stdout as ReadableStream<Uint8Array>).text();
  return { code, log: worker.lines.filter((l) => l.length > 0).map((l) => JSON.parse(l) as LogLine), stdout };
}

const versionServing = async (worker: WorkerProcess) => (await fetch(`${worker.url}/recommend/10`)).headers.get("x-model-version");
/** Reads of the registry the worker counted as failed so far. */
async function failedReads(worker: WorkerProcess): Promise<number> {
  const metrics = await (await fetch(`${worker.url}/metrics`)).text();
  return Number(/^worker_registry_reads_total\{result="failed"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
}
/** A URL where nothing listens: a database that is down. */
const closedDatabaseUrl = async () => `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
const messages = (log: LogLine[]) => log.map((l) => l.message);

async function register(version: string, variant: "A" | "B") {
  const dir = await writeCircleArtifact(root, version, variant);
  const manifest = ModelManifest.parse(JSON.parse(await Bun.file(join(dir, "manifest.json")).text()));
  await registerModel(database.sql, manifest, dir);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  await register("v-a", "A");
  await promoteModel(database.sql, "v-a");
}, 60_000);
afterAll(async () => {
  for (const worker of running) worker.child.kill("SIGKILL");
  await proxy?.close();
  await database?.close();
  await testDb?.drop();
  rmSync(root, { recursive: true, force: true });
});

describe("a worker whose registry is unreachable", () => {
  test("a worker restarted while the database is down serves the artifact it served last, logging JSON only", async () => {
    const stateDir = join(root, "state-restart");
    const first = await startWorker(testDb.url, stateDir);
    await waitFor("v-a to serve", async () => (await versionServing(first)) === "v-a", 15_000, 50);
    await waitFor("the served artifact to be remembered", () => existsSync(join(stateDir, SERVED_ARTIFACT_FILE)), 15_000, 50);
    expect((await stopWorker(first)).code).toBe(0);

    const second = await startWorker(await closedDatabaseUrl(), stateDir);
    await waitFor("the remembered model to serve", async () => (await fetch(`${second.url}/readyz`)).status === 200, 15_000, 50);
    const reply = await fetch(`${second.url}/recommend/10`);
    expect([reply.status, reply.headers.get("x-model-version"), await reply.text()]).toEqual([200, "v-a", EXPECTED.A[10]]);
    // It keeps trying the registry in the background.
    await waitFor("more failed registry reads", async () => (await failedReads(second)) >= 3, 30_000, 50);

    const { code, log, stdout } = await stopWorker(second);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(second.lines.join("\n")).not.toContain("\u001b");
    expect(messages(log).filter((m) => m.startsWith("model registry unreachable"))).toHaveLength(1);
    expect(log.find((l) => l.message === "serving the remembered artifact until the registry answers")).toMatchObject({ version: "v-a", artifactPath: join(root, "v-a") });
    expect(log.filter((l) => l.level === "error")).toEqual([]);
    expect(messages(log)).not.toContain("stop timed out; exiting");
  }, 90_000);

  test("a worker with nothing remembered stays up and not ready while it keeps retrying the registry", async () => {
    const worker = await startWorker(await closedDatabaseUrl(), join(root, "state-empty"));
    await waitFor("several failed registry reads", async () => (await failedReads(worker)) >= 3, 30_000, 50);
    expect(worker.child.exitCode).toBeNull();
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${worker.url}/recommend/10`)).status).toBe(503);

    const { code, log } = await stopWorker(worker);
    expect(code).toBe(0);
    expect(messages(log).filter((m) => m.startsWith("model registry unreachable"))).toHaveLength(1);
    expect(messages(log)).toContain("no remembered artifact: not ready until the registry answers");
    expect(messages(log)).not.toContain("stop timed out; exiting");
  }, 90_000);

  test("a worker keeps serving while the database is cut, follows a promotion made meanwhile once it is back, and stops with it dead", async () => {
    const target = new URL(testDb.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(testDb.url);
    viaProxy.port = String(proxy.port);
    const worker = await startWorker(viaProxy.toString(), join(root, "state-proxy"));
    await waitFor("v-a to serve", async () => (await versionServing(worker)) === "v-a", 15_000, 50);

    let loading = true;
    const statuses: number[] = [];
    const load = (async () => {
      while (loading) statuses.push((await fetch(`${worker.url}/recommend/20`)).status);
    })();
    await proxy.cut();
    const before = await failedReads(worker);
    await waitFor("a failed registry read", async () => (await failedReads(worker)) > before, 30_000, 50);
    await register("v-b", "B");
    await promoteModel(database.sql, "v-b");
    expect(await versionServing(worker)).toBe("v-a");
    await proxy.restore();
    await waitFor("v-b to serve", async () => (await versionServing(worker)) === "v-b", 30_000, 50);
    loading = false;
    await load;
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await (await fetch(`${worker.url}/recommend/10`)).text()).toBe(EXPECTED.B[10]);

    await proxy.cut();
    const cutAgain = await failedReads(worker);
    await waitFor("a failed registry read", async () => (await failedReads(worker)) > cutAgain, 30_000, 50);
    const { code, log } = await stopWorker(worker);
    expect(code).toBe(0);
    expect(messages(log)).toContain("model registry reachable again");
    expect(messages(log)).not.toContain("stop timed out; exiting");
    expect(log.filter((l) => l.level === "error")).toEqual([]);
  }, 120_000);
});
