import { expect, test } from "bun:test";
import { sampleTelemetryEvent } from "../router/testing/sample-telemetry-event.ts";
import { toTelemetryRow } from "./telemetry-row.ts";

test("toTelemetryRow() names every column and keeps times in epoch milliseconds", () => {
  const event = sampleTelemetryEvent({
    requestId: "req-9",
    clientRequestId: "caller-9",
    time: 1_700_000_000_123,
    assignments: [{ experiment: "ranker", variant: "v2" }],
    items: ["heat+1995", "akira+1988"],
    fallback: true,
    fallbackReason: "no_worker_answer",
  });
  expect(toTelemetryRow(event)).toEqual({
    request_id: "req-9",
    client_request_id: "caller-9",
    time: 1_700_000_000_123,
    user_id: 42,
    status: 200,
    latency_ms: 2,
    pool: "stable",
    model_version: "als-test",
    rules_version: 1,
    assignments: [{ experiment: "ranker", variant: "v2" }],
    items: ["heat+1995", "akira+1988"],
    fallback: true,
    fallback_reason: "no_worker_answer",
    interleaving: null,
  });
});

test("toTelemetryRow() keeps an interleaving with the team of each item", () => {
  const interleaving = { a: "stable", b: "canary", interleaved: true, teams: ["B" as const, "A" as const] };
  const event = sampleTelemetryEvent({ items: ["heat+1995", "akira+1988"], interleaving });
  const row = toTelemetryRow(event);
  expect(row.interleaving).toEqual(interleaving);
  // A copy: the row outlives the event, which callers may reuse.
  expect(row.interleaving?.teams).not.toBe(interleaving.teams);
});

test("toTelemetryRow() keeps the nulls of a refused request", () => {
  const row = toTelemetryRow(sampleTelemetryEvent({ userId: null, status: 400, pool: null, modelVersion: null, rulesVersion: null, items: [] }));
  expect(row).toMatchObject({ client_request_id: null, user_id: null, status: 400, pool: null, model_version: null, rules_version: null, items: [] });
});
