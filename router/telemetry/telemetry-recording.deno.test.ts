import assert from "node:assert/strict";
import type { TelemetryEvent } from "../../shared/telemetry/index.ts";
import { deadWorkerUrl, startFakeWorker } from "../testing/fake-worker.ts";
import { poolRules } from "../testing/sample-rules.ts";
import { TEST_FALLBACK, testRouterApp } from "../testing/test-router-app.ts";

const experiment = {
  key: "ranker",
  seed: "ranker-seed",
  coverage: 1,
  status: "running" as const,
  variants: [{ key: "v2", weight: 1 }, { key: "v1", weight: 0 }],
};

function recording(rules: Parameters<typeof testRouterApp>[0]["rules"]) {
  const events: TelemetryEvent[] = [];
  const { app } = testRouterApp({ rules, telemetry: { record: (e) => events.push(e) } });
  return { app, events };
}

Deno.test("GET /recommend/:userid records a worker answer with pool, model, variants and items", async () => {
  const worker = startFakeWorker({ body: "inception+2010,heat+1995", modelVersion: "als-7" });
  try {
    const { app, events } = recording(poolRules([worker.url], { experiments: [experiment] }));
    await (await app.request("/recommend/42")).text();
    assert.equal(events.length, 1);
    const { time, latencyMs, ...rest } = events[0];
    assert.ok(Math.abs(time - Date.now()) < 5000 && latencyMs >= 0 && latencyMs < 1000);
    assert.deepEqual(rest, {
      formatVersion: 3,
      requestId: "req-1",
      clientRequestId: null,
      userId: 42,
      status: 200,
      pool: "stable",
      modelVersion: "als-7",
      rulesVersion: 1,
      assignments: [{ experiment: "ranker", variant: "v2" }],
      items: ["inception+2010", "heat+1995"],
      fallback: false,
      fallbackReason: null,
      signature: null, // the shipper signs, off the request's path
      interleaving: null,
    });
  } finally {
    await worker.close();
  }
});

Deno.test("GET /recommend/:userid records fallback answers with their reason", async () => {
  const { app, events } = recording(poolRules([await deadWorkerUrl()]));
  await (await app.request("/recommend/7")).text();
  const noRules = recording(null);
  await (await noRules.app.request("/recommend/8")).text();
  const seen = [...events, ...noRules.events].map((e) => ({
    userId: e.userId,
    pool: e.pool,
    modelVersion: e.modelVersion,
    items: e.items,
    fallback: e.fallback,
    fallbackReason: e.fallbackReason,
    rulesVersion: e.rulesVersion,
  }));
  const common = { modelVersion: "fallback", items: TEST_FALLBACK, fallback: true };
  assert.deepEqual(seen, [
    { ...common, userId: 7, pool: "stable", fallbackReason: "no_worker_answer", rulesVersion: 1 },
    { ...common, userId: 8, pool: null, fallbackReason: "no_rules", rulesVersion: null },
  ]);
});

Deno.test("GET /recommend/:userid records a refused request as a 400 without user or items", async () => {
  const { app, events } = recording(poolRules([await deadWorkerUrl()]));
  await (await app.request("/recommend/abc")).text();
  await (await app.request("/healthz")).text();
  assert.equal(events.length, 1);
  assert.equal(events[0].status, 400);
  assert.equal(events[0].userId, null);
  assert.equal(events[0].pool, null);
  assert.equal(events[0].modelVersion, null);
  assert.deepEqual(events[0].items, []);
});

Deno.test("GET /recommend/:userid records the caller's X-Request-Id apart from the router's own id", async () => {
  const { app, events } = recording(poolRules([await deadWorkerUrl()]));
  const response = await app.request("/recommend/7", { headers: { "X-Request-Id": "caller-7" } });
  await response.text();
  assert.equal(response.headers.get("X-Request-Id"), "req-1");
  assert.deepEqual([events[0].requestId, events[0].clientRequestId], ["req-1", "caller-7"]);
});
