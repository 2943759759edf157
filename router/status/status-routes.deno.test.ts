import assert from "node:assert/strict";
import { createRouterApp } from "../create-router-app.ts";
import { createForwarder } from "../forward-to-pool.ts";
import { createRouterMetrics } from "../router-metrics.ts";
import { captureLogger } from "../testing/capture-logger.ts";
import { poolRules } from "../testing/sample-rules.ts";
import { TEST_FALLBACK } from "../testing/test-router-app.ts";
import { createUpstreamHealth } from "../upstream-health.ts";
import type { AlertsSnapshot } from "./prometheus-alerts.ts";
import { createReadCache, createStatusCache } from "./status-cache.ts";
import { StatusDocument } from "./status-document.ts";
import { fakeStatusReader, T0 } from "./testing/sample-status-snapshot.ts";

const rules = poolRules(["http://127.0.0.1:9"], { version: 7 });

/** Prometheus's answer in the tests that configure one: the stalled partition's alert firing. */
const ALERTS: AlertsSnapshot = {
  readAt: T0,
  alerts: [{
    name: "IngestPartitionStalled",
    state: "firing",
    severity: "page",
    summary: "Ingestion of movielog partition 1 has not advanced for 5 minutes with 7 messages waiting",
    labels: { topic: "movielog", partition: "1" },
    activeSince: T0 - 60_000,
    value: "7",
  }],
  omitted: 0,
};

/** The router app over fakes, with the status page when `withStatus`, and a Prometheus when `withPrometheus`. */
function statusApp(withStatus = true, withPrometheus = false) {
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
        alerts: withPrometheus ? createReadCache({ read: (at) => Promise.resolve({ ...ALERTS, readAt: at }), now }) : undefined,
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

Deno.test("GET /status shows the data path with the stalled partition, the models, and that no Prometheus is configured", async () => {
  const { app } = statusApp();
  const html = await (await app.request("/status")).text();
  assert.match(html, /<section id="data-path" data-read="true" data-stalled="1">/);
  assert.match(html, /<tr class="partition stalled" data-topic="movielog" data-partition="1" data-state="stalled" data-lag="7">/);
  assert.match(html, /<tr class="quarantine-reason" data-source="kafka:movielog" data-reason="malformed" data-count="5">/);
  assert.match(html, /<dd id="production-model" data-version="als-1">/);
  assert.match(html, /<tr class="verdict" data-version="als-2" data-passed="false" data-status="rejected">/);
  assert.match(html, /<section id="alerts" data-kind="unconfigured">[\s\S]*No Prometheus is configured/);
  assert.match(html, /<a href="status.json">/);
});

Deno.test("GET /status.json answers the documented document: a version and one key per section, units in the names", async () => {
  const { app } = statusApp();
  const response = await app.request("/status.json");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(response.headers.get("cache-control"), "no-store");
  const body = await response.json();
  const document = StatusDocument.parse(body);
  assert.deepEqual(Object.keys(body), ["version", "generated_at_ms", "database", "data_path", "models", "serving", "releases", "experiments", "alerts"]);
  assert.equal(document.version, 1);
  assert.equal(document.generated_at_ms, T0);
  assert.deepEqual(document.database, { state: "fresh", read_at_ms: T0, text: "Numbers read from the database at 2024-05-01 12:00:00 UTC." });
  assert.deepEqual(document.data_path?.partitions.map((p) => [p.topic, p.partition, p.state, p.stalled, p.lag_messages]), [
    ["movielog", 0, "caught_up", false, 0],
    ["movielog", 1, "stalled", true, 7],
    ["telemetry", 0, "unmeasured", false, 7],
  ]);
  const stalled = document.data_path!.partitions[1];
  assert.deepEqual(
    [stalled.last_progress_at_ms, stalled.last_progress_age_s, stalled.lag_since_ms, stalled.measured_age_s, stalled.consumer_group],
    [T0 - 20 * 60_000, 1200, T0 - 12 * 60_000, 5, "movielog-ingest"],
  );
  assert.equal(document.data_path?.stall_window_s, 300);
  assert.deepEqual(document.data_path?.quarantine.window_s, 3600);
  assert.equal(document.data_path?.quarantine.total, 6);
  assert.equal(document.data_path?.stream_clock.ahead_s, 30 * 86_400);
  assert.deepEqual(document.models?.production && [document.models.production.version, document.models.production.age_s], ["als-1", 26 * 3600]);
  assert.deepEqual(document.models?.last_training && [document.models.last_training.version, document.models.last_training.gate_passed], ["als-2", false]);
  assert.equal(document.models?.last_refresh?.age_s, 2 * 3600 + 30);
  assert.deepEqual(document.serving.charts.map((c) => [c.id, c.clock, c.points.length]), [["availability", "router", 3], ["conversion", "stream", 3]]);
  assert.equal(document.serving.charts[0].points[0].value_ratio, 0.75);
  assert.equal(document.releases.state, "active");
  assert.equal(document.releases.release?.decisions[0].at_ms, T0 - 10 * 60_000);
  assert.deepEqual(document.alerts, {
    state: "unconfigured",
    text: "No Prometheus is configured (PROMETHEUS_URL is unset): alerts are not shown here.",
    read_at_ms: null,
    firing: [],
    pending: [],
    omitted: 0,
  });
});

Deno.test("GET /status.json keeps its shape while the database is down: the sections it feeds are null", async () => {
  const { app, reader } = statusApp();
  reader.down = true;
  const body = await (await app.request("/status.json")).json();
  const document = StatusDocument.parse(body);
  assert.deepEqual([document.database.state, document.database.read_at_ms, document.data_path, document.models], ["missing", null, null, null]);
  assert.equal(document.releases.state, "unknown");
  assert.equal(document.serving.rules_version, 7);
});

Deno.test("GET /status and /status.json show the alerts Prometheus says are firing", async () => {
  const { app } = statusApp(true, true);
  const document = StatusDocument.parse(await (await app.request("/status.json")).json());
  assert.equal(document.alerts.state, "read");
  assert.deepEqual(document.alerts.firing, [{
    name: "IngestPartitionStalled",
    severity: "page",
    summary: "Ingestion of movielog partition 1 has not advanced for 5 minutes with 7 messages waiting",
    labels: { topic: "movielog", partition: "1" },
    active_since_ms: T0 - 60_000,
  }]);
  const html = await (await app.request("/status")).text();
  assert.match(html, /<section id="alerts" data-kind="read" data-firing="1">/);
  assert.match(html, /<tr class="alert firing" data-alert="IngestPartitionStalled" data-state="firing" data-severity="page">/);
});
