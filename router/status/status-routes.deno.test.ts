import assert from "node:assert/strict";
import { createRouterApp } from "../create-router-app.ts";
import { createForwarder } from "../forward-to-pool.ts";
import { createRouterMetrics } from "../router-metrics.ts";
import { captureLogger } from "../testing/capture-logger.ts";
import { poolRules } from "../testing/sample-rules.ts";
import { TEST_FALLBACK } from "../testing/test-router-app.ts";
import { createUpstreamHealth } from "../upstream-health.ts";
import { createStatusCache } from "./status-cache.ts";
import { fakeStatusReader, T0 } from "./testing/sample-status-snapshot.ts";

const rules = poolRules(["http://127.0.0.1:9"], { version: 7 });

/** The router app over fakes, with the status page when `withStatus`. */
function statusApp(withStatus = true) {
  const reader = fakeStatusReader();
  const health = createUpstreamHealth({ ejectAfterFailures: 3, ejectForMs: 5000 });
  health.recordCheck("http://127.0.0.1:9", false);
  const clock = { now: T0 };
  const now = () => clock.now;
  const app = createRouterApp({
    rules: () => rules,
    // Workers never answer: /recommend takes the fallback without touching the network.
    forward: createForwarder({ get: () => Promise.reject(new Error("no worker")), health, now }),
    fallback: () => ({ items: TEST_FALLBACK, source: "static" }),
    budgetMs: 50,
    now,
    metrics: createRouterMetrics(() => health.states(), now),
    log: captureLogger(),
    admin: {
      token: undefined,
      store: { read: () => Promise.resolve(null), write: () => Promise.reject() },
    },
    status: withStatus
      ? {
        cache: createStatusCache({ reader, experiments: () => [], now }),
        rules: () => rules,
        upstreams: () => health.states(),
        now,
      }
      : undefined,
  });
  return { app, reader, clock };
}

Deno.test("GET /status answers the page with pools, health, release and both charts", async () => {
  const { app } = statusApp();
  const response = await app.request("/status");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=UTF-8");
  assert.equal(response.headers.get("cache-control"), "no-store");
  const html = await response.text();
  assert.ok(html.startsWith('<!DOCTYPE html><html lang="en">'));
  assert.match(html, /<strong id="rules-version">7<\/strong>/);
  assert.match(html, /<tr class="pool" data-pool="stable">/);
  assert.match(html, /<td class="model-version">als-test<\/td>/);
  assert.match(html, /data-health="down"/);
  assert.match(html, /<section id="release" data-kind="release" data-phase="canary">/);
  // Availability 2 buckets with data; conversion 2, one still open.
  assert.equal(html.match(/<circle class="point/g)?.length, 4);
  assert.equal(html.match(/<circle class="point provisional"/g)?.length, 1);
  assert.match(html, /<svg id="conversion-chart"/);
});

Deno.test("GET /status answers 200 with a note, not an error, while the database is down", async () => {
  const { app, reader } = statusApp();
  reader.down = true;
  const response = await app.request("/status");
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.match(
    html,
    /<p id="data-freshness" class="data missing">The database could not be read \(connect ECONNREFUSED 127.0.0.1:5432\): no numbers yet.<\/p>/,
  );
  assert.match(html, /data-pool="stable"/);
});

Deno.test("GET /status reads the database once per 15 s, and /recommend never reads it", async () => {
  const { app, reader, clock } = statusApp();
  for (let i = 0; i < 5; i++) await (await app.request(`/recommend/${i + 1}`)).text();
  assert.equal(reader.reads, 0);
  for (let i = 0; i < 3; i++) await (await app.request("/status")).text();
  assert.equal(reader.reads, 1);
  clock.now += 15_000;
  await (await app.request("/status")).text();
  assert.equal(reader.reads, 2);
});

Deno.test("the router app without status dependencies answers 404 on /status", async () => {
  const { app } = statusApp(false);
  const response = await app.request("/status");
  assert.equal(response.status, 404);
  await response.body?.cancel();
});
