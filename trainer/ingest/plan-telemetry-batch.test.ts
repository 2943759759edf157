import { describe, expect, test } from "bun:test";
import { sampleTelemetryEvent } from "../../router/testing/sample-telemetry-event.ts";
import { planTelemetryBatch } from "./plan-telemetry-batch.ts";
import type { SourcedLine } from "./plan-batch.ts";
import { toTelemetryRow } from "./telemetry-row.ts";

const message = (position: number, raw: string): SourcedLine => ({ raw, partition: 3, position });
const json = (overrides: Parameters<typeof sampleTelemetryEvent>[0]) => JSON.stringify(sampleTelemetryEvent(overrides));

describe("planTelemetryBatch()", () => {
  test("planTelemetryBatch() turns valid messages into rows in arrival order", () => {
    const plan = planTelemetryBatch([message(0, json({ requestId: "a", time: 2000 })), message(1, json({ requestId: "b", time: 1000 }))]);
    expect(plan).toEqual({
      messages: 2,
      rows: [toTelemetryRow(sampleTelemetryEvent({ requestId: "a", time: 2000 })), toTelemetryRow(sampleTelemetryEvent({ requestId: "b", time: 1000 }))],
      rejections: [],
      duplicatesInBatch: 0,
      maxEventTime: 2000,
    });
  });

  test("planTelemetryBatch() keeps the first message of a request id and counts the others", () => {
    const plan = planTelemetryBatch([
      message(0, json({ requestId: "a", status: 200 })),
      message(1, json({ requestId: "a", status: 503 })),
      message(2, json({ requestId: "a", status: 200 })),
    ]);
    expect(plan.rows.map((r) => [r.request_id, r.status])).toEqual([["a", 200]]);
    expect(plan.duplicatesInBatch).toBe(2);
  });

  test("planTelemetryBatch() quarantines refused messages with a reason code, the parser's words and their position", () => {
    const plan = planTelemetryBatch([
      message(4, "{"),
      message(5, ""),
      message(6, JSON.stringify({ ...sampleTelemetryEvent(), formatVersion: 2 })),
      message(7, JSON.stringify({ ...sampleTelemetryEvent(), formatVersion: 2, status: "x" })),
      message(8, json({ status: 99 })),
      message(9, JSON.stringify([1])),
    ]);
    expect(plan.rows).toEqual([]);
    expect(plan.maxEventTime).toBeNull();
    expect(plan.rejections.map((r) => [r.position, r.partition, r.reason])).toEqual([
      [4, 3, "not_json"],
      [5, 3, "not_json"],
      [6, 3, "bad_format_version"],
      [7, 3, "bad_format_version"],
      [8, 3, "invalid_event"],
      [9, 3, "invalid_event"],
    ]);
    expect(plan.rejections[0].detail).toMatch(/^not JSON: /);
    expect(plan.rejections[2].detail).toBe("invalid telemetry event: formatVersion: Invalid input: expected 1");
    expect(plan.rejections[4].detail).toMatch(/^invalid telemetry event: status: /);
    expect(plan.rejections[0].raw).toBe("{");
  });

  test("planTelemetryBatch() passes the original bytes through for lossless quarantine", () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x7b]);
    const plan = planTelemetryBatch([{ raw: new TextDecoder().decode(bytes), bytes, partition: 0, position: 1 }]);
    expect(plan.rejections[0].bytes).toBe(bytes);
  });
});
