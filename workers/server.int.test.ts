import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../infra/log/logger.ts";
import { createRequestHandler } from "./http/create-request-handler.ts";
import { createWorkerMetrics } from "./http/worker-metrics.ts";
import { loadServingModel } from "./model/load-serving-model.ts";
import { createModelManager } from "./model/model-manager.ts";
import { startWorkerServer, type WorkerServer } from "./server.ts";
import { corruptArtifact, EXPECTED, POPULAR_LINE, writeCircleArtifact } from "./testing/circle-artifacts.ts";

const TOKEN = "test-admin-token-0123456789";
const root = mkdtempSync(join(tmpdir(), "worker-int-"));
const log = createLogger("worker-test", () => {});
const metrics = createWorkerMetrics();
const manager = createModelManager({ load: loadServingModel, registry: null, onSwap: (m) => metrics.swapped(m), onReject: () => metrics.rejected() });
let server: WorkerServer;
let dirA: string;
let dirB: string;

beforeAll(async () => {
  dirA = await writeCircleArtifact(root, "v-a", "A");
  dirB = await writeCircleArtifact(root, "v-b", "B");
  const handler = createRequestHandler({ manager, metrics, log, adminToken: TOKEN, listLength: 20 });
  server = startWorkerServer({ port: 0, hostname: "127.0.0.1", handler, log });
});
afterAll(async () => {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });
const admin = (body: unknown, token = TOKEN) =>
  fetch(server.url + "/admin/model", { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

describe("worker server", () => {
  test("GET /readyz is 503 and /recommend answers 503 until a model is loaded; /healthz is 200 throughout", async () => {
    expect((await get("/healthz")).status).toBe(200);
    const ready = await get("/readyz");
    expect([ready.status, ready.headers.get("x-model-version")]).toEqual([503, "none"]);
    expect((await get("/recommend/10")).status).toBe(503);
    expect(await (await admin({ path: dirA })).json()).toEqual({ version: "v-a", previousVersion: null });
    expect(await (await get("/readyz")).text()).toBe("ready: v-a");
  });

  test("GET /recommend/:userid answers one line of comma-separated ids with X-Model-Version", async () => {
    const res = await get("/recommend/10", { "X-Request-Id": "r-1" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(EXPECTED.A[10]);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect([res.headers.get("x-model-version"), res.headers.get("x-request-id")]).toEqual(["v-a", "r-1"]);
  });

  test("GET /recommend/:userid answers an unknown user with the popular list", async () => {
    expect(await (await get("/recommend/2147483647")).text()).toBe(POPULAR_LINE);
  });

  test("GET /recommend/:userid refuses malformed ids with 400 and a one-line reason", async () => {
    for (const id of ["abc", "-1", "99999999999", "9".repeat(10_000), "1%0A2", "007"]) {
      const res = await get(`/recommend/${id}`);
      const body = await res.text();
      expect([res.status, body.includes("\n"), res.headers.get("x-model-version")]).toEqual([400, false, "v-a"]);
      expect(body).toMatch(/^user id "[^"]*"…? (is not a decimal integer|is negative|is too large|has leading zeros): expected 0–2147483647$/);
    }
  });

  test("X-Flags switch the list length and re-ranking; invalid flags are ignored and counted", async () => {
    expect(await (await get("/recommend/10", { "X-Flags": '{"listLength":2}' })).text()).toBe("a,b");
    expect(await (await get("/recommend/10", { "X-Flags": '{"rerank":"mmr","mmrLambda":0.5,"listLength":3}' })).text()).toBe("a,e,c");
    const res = await get("/recommend/10", { "X-Flags": '{"listLength":99,"rerank":"mmr","mmrLambda":"x"}' });
    expect([res.status, await res.text()]).toEqual([200, "a,b,d,e,c"]); // MMR kept, with the default lambda 0.7
    const text = await (await get("/metrics")).text();
    expect(text).toContain('worker_ignored_flags_total{flag="listLength"} 1');
    expect(text).toContain('worker_ignored_flags_total{flag="mmrLambda"} 1');
  });

  test("POST /admin/model needs the bearer token and a valid body", async () => {
    expect((await admin({ path: dirB }, "wrong-token-0123456789")).status).toBe(401);
    expect((await admin({ path: dirB, version: "v-b" })).status).toBe(400);
    expect((await admin({ version: "v-b" })).status).toBe(503); // no registry in this process
    // The scheme name is case-insensitive (RFC 7235): this one passes authentication too.
    const lowerCase = await fetch(server.url + "/admin/model", { method: "POST", headers: { Authorization: `bearer ${TOKEN}` }, body: '{"version":"v-b"}' });
    expect(lowerCase.status).toBe(503);
    expect((await get("/recommend/10")).headers.get("x-model-version")).toBe("v-a");
  });

  test("POST /admin/model swaps models under a concurrent request loop with no failed request", async () => {
    let running = true;
    const seen: Record<string, number> = {};
    const problems: string[] = [];
    const loop = async (user: 10 | 20) => {
      while (running) {
        const res = await get(`/recommend/${user}`);
        const version = res.headers.get("x-model-version") ?? "";
        const body = await res.text();
        const want = version === "v-a" ? EXPECTED.A[user] : EXPECTED.B[user];
        if (res.status !== 200 || body !== want) problems.push(`${res.status} ${version} ${body}`);
        seen[version] = (seen[version] ?? 0) + 1;
      }
    };
    const loops = [10, 20, 10, 20, 10, 20, 10, 20].map((u) => loop(u as 10 | 20));
    for (let i = 0; i < 10; i++) {
      expect((await admin({ path: i % 2 === 0 ? dirB : dirA })).status).toBe(200);
      await Bun.sleep(20);
    }
    running = false;
    await Promise.all(loops);
    expect(problems).toEqual([]);
    expect(seen["v-a"]).toBeGreaterThan(10);
    expect(seen["v-b"]).toBeGreaterThan(10);
  });

  test("POST /admin/model refuses corrupted artifacts with 422 and the old model keeps serving", async () => {
    for (const [how, reason] of [["sha256", /user-factors\.f32: sha256 is/], ["nan", /item-factors\.f32: element 3 is NaN/], ["length", /user-ids\.u32: 8 bytes, 4 u32 elements need 16/]] as const) {
      const dir = await writeCircleArtifact(root, `bad-${how}`, "B");
      corruptArtifact(dir, how);
      const res = await admin({ path: dir });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: string }).error).toMatch(reason);
      const after = await get("/recommend/10");
      expect([after.status, after.headers.get("x-model-version"), await after.text()]).toEqual([200, "v-a", EXPECTED.A[10]]);
    }
    expect((await admin({ path: join(root, "missing") })).status).toBe(422);
    const text = await (await get("/metrics")).text();
    expect(text).toContain('worker_model_loads_total{result="rejected"} 4');
    expect(text).toMatch(/worker_model_info\{version="v-a",algorithm="als-implicit"\} 1/);
    expect(text).toMatch(/worker_requests_total\{route="recommend",status="400"\} 6/);
    expect(text).toContain('worker_request_duration_seconds_bucket{le="0.005",route="recommend"}');
  });
});

describe("worker fault drill", () => {
  test("WORKER_FAULT_ERROR_RATE fails that share of recommendations with 500 and leaves health alone", async () => {
    const draws = [0.1, 0.9, 0.2, 0.8];
    let i = 0;
    const drillManager = createModelManager({ load: loadServingModel, registry: null, onSwap: () => {}, onReject: () => {} });
    await drillManager.loadPath(dirA);
    const handler = createRequestHandler({
      manager: drillManager, metrics: createWorkerMetrics(), log, listLength: 20, faultErrorRate: 0.5, random: () => draws[i++ % draws.length],
    });
    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await handler(new Request("http://w/recommend/10"))).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
    expect((await handler(new Request("http://w/readyz"))).status).toBe(200);
  });
});
