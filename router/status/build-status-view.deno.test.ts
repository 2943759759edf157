import assert from "node:assert/strict";
import { poolRules } from "../testing/sample-rules.ts";
import { buildStatusView, chartPoints, upstreamHealth } from "./build-status-view.ts";
import type { StatusCacheState } from "./status-cache.ts";
import { sampleSnapshot, T0 } from "./testing/sample-status-snapshot.ts";

const MINUTE = 60_000;
const fresh: StatusCacheState = { snapshot: sampleSnapshot(), failure: null, refreshing: false };
const rules = poolRules(["http://w:1", "http://w:2"], {
  version: 4,
  experiments: [
    {
      key: "list-length",
      seed: "s",
      coverage: 1,
      status: "running",
      namespace: ["home", 0, 0.5],
      variants: [{ key: "control", weight: 0.5 }, { key: "short", weight: 0.5, pool: "stable" }],
    },
    {
      key: "old",
      seed: "s",
      coverage: 1,
      status: "stopped",
      variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }],
    },
  ],
});

Deno.test("buildStatusView() lists pools with each worker's health from memory", () => {
  const view = buildStatusView({
    now: T0,
    rules,
    upstreams: [{ url: "http://w:1", ready: true, failures: 0, ejectedUntil: 0 }],
    cache: fresh,
    alerts: null,
  });
  assert.equal(view.rulesVersion, 4);
  assert.deepEqual(view.pools, [{
    name: "stable",
    modelVersion: "als-test",
    isDefault: true,
    urls: [
      { url: "http://w:1", health: "up", detail: "ready" },
      { url: "http://w:2", health: "unchecked", detail: "not checked yet" },
    ],
  }]);
});

Deno.test("upstreamHealth() says ejected before down, and counts failures of a ready worker", () => {
  const state = { url: "u", ready: false, failures: 3, ejectedUntil: T0 + 1000 };
  assert.deepEqual(upstreamHealth(state, T0), {
    health: "ejected",
    detail: "ejected until 2024-05-01 12:00:01 UTC",
  });
  assert.equal(upstreamHealth(state, T0 + 1000).health, "down");
  assert.deepEqual(upstreamHealth({ ...state, ready: true, failures: 1 }, T0 + 1000), {
    health: "up",
    detail: "ready; 1 failed request in a row",
  });
});

Deno.test("buildStatusView() shows the release with its decisions newest first", () => {
  const { release } = buildStatusView({ now: T0, rules, upstreams: [], cache: fresh, alerts: null });
  assert.equal(release.kind, "release");
  if (release.kind !== "release") return;
  assert.equal(release.active, true);
  assert.equal(release.phase, "canary");
  assert.deepEqual(release.decisions, [
    {
      at: T0 - 10 * MINUTE,
      event: "step_passed",
      transition: "canary",
      step: 1,
      detail: "25 %",
    },
    {
      at: T0 - 20 * MINUTE,
      event: "start",
      transition: "pending → canary",
      step: 0,
      detail: "5 %",
    },
  ]);
});

Deno.test("buildStatusView() shows running experiments only, with design and users per variant", () => {
  const { experiments } = buildStatusView({ now: T0, rules, upstreams: [], cache: fresh, alerts: null });
  assert.deepEqual(experiments, [{
    key: "list-length",
    layer: "home [0, 0.5)",
    coverage: 1,
    hypothesis: "Shorter converts",
    startedAt: T0 - 60 * MINUTE,
    usersNote: "Users since the start, 2024-05-01 11:00:00 UTC.",
    variants: [
      { key: "control", weight: 0.5, pool: null, users: 12 },
      { key: "short", weight: 0.5, pool: "stable", users: 0 },
    ],
  }]);
});

Deno.test("buildStatusView() has no user numbers for an experiment the last read did not include", () => {
  const cache = { ...fresh, snapshot: sampleSnapshot({ windows: [], designs: [] }) };
  const [experiment] = buildStatusView({ now: T0, rules, upstreams: [], cache, alerts: null }).experiments;
  assert.deepEqual(experiment.variants.map((v) => v.users), [null, null]);
  assert.match(experiment.usersNote, /^No numbers yet/);
});

Deno.test("chartPoints() fills every bucket of the window, with no value where there was no data", () => {
  const points = chartPoints(sampleSnapshot().availability);
  assert.deepEqual(points.map((p) => [p.label, p.value, p.total]), [
    ["2024-05-01 11:45:00 UTC", 0.75, 4],
    ["2024-05-01 11:50:00 UTC", null, 0],
    ["2024-05-01 11:55:00 UTC", 1, 2],
  ]);
});

Deno.test("buildStatusView() marks conversion buckets whose window is still open as provisional", () => {
  const [, conversion] = buildStatusView({ now: T0, rules, upstreams: [], cache: fresh, alerts: null }).charts;
  // Stream end 11:56, window 5 min: only the 11:45 bucket (ends 11:50, closes 11:55) is complete.
  assert.deepEqual(conversion.points.map((p) => [p.value, p.provisional]), [
    [0.5, false],
    [0.25, true],
    [null, true],
  ]);
  // Only the judged bucket counts in the overall figure (measurement/judged-period.ts).
  assert.equal(conversion.summary, "Overall: 50.0 % of 10 judged recommendations.");
});

Deno.test("buildStatusView() says the numbers are stale when the last read failed", () => {
  const cache = { ...fresh, failure: { at: T0 + 30_000, error: "connect ECONNREFUSED" } };
  assert.deepEqual(buildStatusView({ now: T0, rules, upstreams: [], cache, alerts: null }).data, {
    kind: "stale",
    text: "The database could not be read at 2024-05-01 12:00:30 UTC (connect ECONNREFUSED): " +
      "showing the numbers read at 2024-05-01 12:00:00 UTC.",
    readAt: T0,
  });
});

Deno.test("buildStatusView() without rules nor numbers shows empty sections, not an error", () => {
  const cache = { snapshot: null, failure: { at: T0, error: "down" }, refreshing: false };
  const view = buildStatusView({ now: T0, rules: null, upstreams: [], cache, alerts: null });
  assert.equal(view.rulesVersion, null);
  assert.deepEqual(view.pools, []);
  assert.deepEqual(view.release, { kind: "unknown", text: "Not read from the database yet." });
  assert.deepEqual(view.charts.map((c) => [c.id, c.points.length, c.empty]), [
    ["availability", 0, "Not read yet."],
    ["conversion", 0, "Not read yet."],
  ]);
  assert.equal(view.data.kind, "missing");
});

Deno.test("buildStatusView() caps the decisions shown at 20 and counts the earlier ones", () => {
  const snapshot = sampleSnapshot();
  if (!snapshot.release?.ok) throw new Error("sample release must be valid");
  const decision = snapshot.release.state.history[0];
  const history = Array.from({ length: 25 }, (_, i) => ({ ...decision, at: T0 + i * MINUTE }));
  const release = { ...snapshot.release, state: { ...snapshot.release.state, history } };
  const view = buildStatusView({
    now: T0,
    rules,
    upstreams: [],
    cache: { ...fresh, snapshot: { ...snapshot, release } },
    alerts: null,
  }).release;
  assert.equal(view.kind === "release" && view.decisions.length, 20);
  assert.equal(view.kind === "release" && view.earlierDecisions, 5);
});
