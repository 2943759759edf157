import assert from "node:assert/strict";
import { buildAlertsView } from "./build-alerts-view.ts";
import type { AlertsSnapshot } from "./prometheus-alerts.ts";

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const stalled = {
  name: "IngestPartitionStalled",
  state: "firing" as const,
  severity: "page",
  summary: "Ingestion of movielog partition 1 has not advanced for 5 minutes with 7 messages waiting",
  labels: { topic: "movielog", partition: "1" },
  activeSince: T0 - 360_000,
  value: "7",
};
const snapshot: AlertsSnapshot = { readAt: T0, alerts: [stalled, { ...stalled, name: "IngestLagGrowing", state: "pending" }], omitted: 0 };

Deno.test("buildAlertsView() says no Prometheus is configured when there is none", () => {
  assert.deepEqual(buildAlertsView(null), {
    kind: "unconfigured",
    text: "No Prometheus is configured (PROMETHEUS_URL is unset): alerts are not shown here.",
  });
});

Deno.test("buildAlertsView() lists firing and pending alerts apart, and counts the firing ones", () => {
  const view = buildAlertsView({ snapshot, failure: null, refreshing: false });
  if (view.kind !== "read") throw new Error(`expected alerts read, got ${view.kind}`);
  assert.equal(view.text, "1 alert is firing (read from Prometheus at 2024-05-01 12:00:00 UTC).");
  assert.deepEqual(view.firing.map((a) => a.name), ["IngestPartitionStalled"]);
  assert.deepEqual(view.pending.map((a) => a.name), ["IngestLagGrowing"]);
  assert.equal(buildAlertsView({ snapshot: { ...snapshot, alerts: [] }, failure: null, refreshing: false }).text, "No alert is firing (read from Prometheus at 2024-05-01 12:00:00 UTC).");
});

Deno.test("buildAlertsView() says when Prometheus could not be read, with or without alerts read before", () => {
  const failure = { at: T0 + 15_000, error: "connection refused" };
  assert.deepEqual(buildAlertsView({ snapshot: null, failure, refreshing: false }), {
    kind: "missing",
    text: "Prometheus could not be read (connection refused): no alerts known.",
    readAt: null,
    firing: [],
    pending: [],
    omitted: 0,
  });
  const stale = buildAlertsView({ snapshot, failure, refreshing: false });
  assert.equal(stale.kind, "stale");
  assert.equal(
    stale.text,
    "Prometheus could not be read at 2024-05-01 12:00:15 UTC (connection refused): as read at 2024-05-01 12:00:00 UTC, 1 alert is firing.",
  );
});
