import { expect, test } from "bun:test";
import { summariseQuarantine } from "./quarantine-summary.ts";

test("summariseQuarantine() counts by source and reason, both sorted by name, with the total", () => {
  const summary = summariseQuarantine([
    { source: "telemetry", reason: "bad_signature", count: 4 },
    { source: "kafka:movielog", reason: "store_refused", count: 1 },
    { source: "kafka:movielog", reason: "future_time", count: 2 },
    { source: "telemetry", reason: "not_json", count: 1 },
  ]);
  expect(summary).toEqual({
    total: 8,
    bySource: { "kafka:movielog": { future_time: 2, store_refused: 1 }, telemetry: { bad_signature: 4, not_json: 1 } },
  });
  expect(Object.keys(summary.bySource)).toEqual(["kafka:movielog", "telemetry"]);
  expect(Object.keys(summary.bySource["kafka:movielog"])).toEqual(["future_time", "store_refused"]);
});

test("summariseQuarantine() adds up a source and reason listed twice", () => {
  expect(summariseQuarantine([
    { source: "file:/a.log", reason: "truncated", count: 2 },
    { source: "file:/a.log", reason: "truncated", count: 3 },
  ])).toEqual({ total: 5, bySource: { "file:/a.log": { truncated: 5 } } });
});

test("summariseQuarantine() reports nothing quarantined for no counts", () => {
  expect(summariseQuarantine([])).toEqual({ total: 0, bySource: {} });
});
