import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { models } from "../shared/db/schema.ts";
import { freePort } from "../tests/support/free-port.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { corruptArtifact, EXPECTED, writeCircleArtifact } from "./testing/circle-artifacts.ts";

const TOKEN = "test-admin-token-0123456789";
const root = mkdtempSync(join(tmpdir(), "worker-main-"));
let testDb: TestDatabase;
let database: Database;
let worker: ReturnType<typeof Bun.spawn>;
let url: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  worker = Bun.spawn([process.execPath, join(import.meta.dir, "main.ts")], {
    env: {
      ...process.env, DATABASE_URL: testDb.url, WORKER_PORT: String(port), WORKER_HOST: "127.0.0.1",
      WORKER_MODEL_VERSION: "production", WORKER_REGISTRY_POLL_MS: "100", WORKER_ADMIN_TOKEN: TOKEN, WORKER_STATE_DIR: join(root, "state"),
    },
    stdout: "ignore",
    stderr: "ignore",
  });
  await waitFor("the worker to listen", async () => (await fetch(`${url}/healthz`)).ok);
}, 60_000);
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  worker?.kill("SIGKILL");
  await database?.close();
  await testDb?.drop();
});

async function register(version: string, artifactPath: string, status: string) {
  const row = { algorithm: "als-implicit", manifest: {}, metrics: {}, snapshotId: "s", codeCommit: "c" };
  await database.db.insert(models).values({ ...row, version, artifactPath, status });
}
/** Makes `version` the only production model, as a release would. */
async function promote(version: string) {
  await database.db.transaction(async (tx) => {
    await tx.update(models).set({ status: "retired", statusChangedAt: new Date() }).where(eq(models.status, "production"));
    await tx.update(models).set({ status: "production", statusChangedAt: new Date() }).where(eq(models.version, version));
  });
}
const versionServing = async () => (await fetch(`${url}/recommend/10`)).headers.get("x-model-version");

describe("worker process following the registry", () => {
  test("the worker is not ready until the registry has a production model, then serves it", async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    await register("v-a", await writeCircleArtifact(root, "v-a", "A"), "production");
    await waitFor("v-a to serve", async () => (await versionServing()) === "v-a", 15_000, 50);
    expect(await (await fetch(`${url}/recommend/10`)).text()).toBe(EXPECTED.A[10]);
  });

  test("a promotion in the models table swaps the model under load with no failed request", async () => {
    await register("v-b", await writeCircleArtifact(root, "v-b", "B"), "registered");
    let running = true;
    const statuses: number[] = [];
    const loop = async () => {
      while (running) statuses.push((await fetch(`${url}/recommend/20`)).status);
    };
    const loops = [loop(), loop(), loop(), loop()];
    await Bun.sleep(100);
    await promote("v-b");
    await waitFor("v-b to serve", async () => (await versionServing()) === "v-b", 15_000, 50);
    await Bun.sleep(100);
    running = false;
    await Promise.all(loops);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses.length).toBeGreaterThan(20);
  });

  test("a corrupted production artifact is refused and the previous model keeps serving", async () => {
    const dir = await writeCircleArtifact(root, "v-bad", "A");
    corruptArtifact(dir, "sha256");
    await register("v-bad", dir, "registered");
    await promote("v-bad");
    await waitFor("the refusal", async () => (await (await fetch(`${url}/metrics`)).text()).includes('worker_model_loads_total{result="rejected"} 1'), 15_000, 50);
    await Bun.sleep(300); // several more polls: refused once, not retried
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('worker_model_loads_total{result="rejected"} 1');
    expect(await versionServing()).toBe("v-b");
  });

  test("POST /admin/model loads a registry version by name", async () => {
    const res = await fetch(`${url}/admin/model`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` }, body: '{"version":"v-a"}' });
    expect(await res.json()).toEqual({ version: "v-a", previousVersion: "v-b" });
    const unknown = await fetch(`${url}/admin/model`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` }, body: '{"version":"v-zzz"}' });
    expect([unknown.status, ((await unknown.json()) as { error: string }).error]).toEqual([404, "model v-zzz is not in the registry"]);
    expect(await versionServing()).toBe("v-a");
  });

  test("SIGTERM stops the worker cleanly", async () => {
    worker.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });
});
