import { expect, test } from "bun:test";
import { judgeDrill } from "./judge-drill.ts";

const report = (fault: string, over: Partial<{ requests: number; failed: number; recovered_s: number | null }> = {}) => ({
  fault, requests: 1000, failed: 0, max_latency_ms: 40, recovered_s: 2.5, ...over,
});
const noRouter = { connectionsToKilledRouter: null, recoveryTargetS: 10 };
const clean = { lost_events: 0, duplicated_events: 0 };

test("judgeDrill() misses nothing when every target is met", () => {
  expect(judgeDrill([
    { report: report("kill-worker-1"), limits: noRouter },
    { report: report("kill-router", { failed: 4 }), limits: { connectionsToKilledRouter: 4, recoveryTargetS: 10 } },
    { report: report("kill-database", { recovered_s: 29.9 }), limits: { connectionsToKilledRouter: null, recoveryTargetS: 30 } },
  ], clean)).toEqual([]);
});

test("judgeDrill() allows no failed request when no router was killed", () => {
  expect(judgeDrill([{ report: report("kill-ingest", { failed: 1 }), limits: noRouter }], clean))
    .toEqual(["kill-ingest: 1 of 1000 requests failed; no router was killed, so none may"]);
});

test("judgeDrill() allows at most one failure per connection open to a killed router", () => {
  expect(judgeDrill([{ report: report("kill-router", { failed: 5 }), limits: { connectionsToKilledRouter: 4, recoveryTargetS: 10 } }], clean))
    .toEqual(["kill-router: 5 of 1000 requests failed, more than the 4 connections open to the killed router"]);
});

test("judgeDrill() misses a part back too late, one not back at all, a fault that measured nothing or could not run", () => {
  expect(judgeDrill([
    { report: report("kill-kafka", { recovered_s: 10.1 }), limits: noRouter },
    { report: report("kill-worker-2", { recovered_s: null }), limits: noRouter },
    { report: report("kill-release", { requests: 0, recovered_s: null }), limits: { ...noRouter, problem: "no candidate model for the release fault" } },
  ], clean)).toEqual([
    "kill-kafka: served again after 10.1 s, over the 10 s target",
    "kill-worker-2: did not serve again within the drill's wait",
    "kill-release: no candidate model for the release fault",
    "kill-release: the load generator sent no request during the fault, so nothing was measured",
    "kill-release: did not serve again within the drill's wait",
  ]);
});

test("judgeDrill() misses any lost or duplicated event", () => {
  expect(judgeDrill([], { lost_events: 3, duplicated_events: 1 }))
    .toEqual(["3 events lost between Kafka and the event store", "1 events applied twice"]);
});
