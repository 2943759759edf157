import { describe, expect, test } from "bun:test";
import {
  sampleTelemetryEvent,
  signedTelemetryEvent,
  TEST_TELEMETRY_SIGNING_KEY,
} from "../router/testing/sample-telemetry-event.ts";
import { createTelemetrySigner, createTelemetryVerifier } from "../shared/telemetry/index.ts";
import { DEFAULT_EVENT_TIME_BOUNDS } from "../shared/time/event-time-bounds.ts";
import type { SourcedLine } from "./plan-batch.ts";
import { planTelemetryBatch, type TelemetryPlanOptions } from "./plan-telemetry-batch.ts";
import { toTelemetryRow } from "./telemetry-row.ts";

const NOW = Date.UTC(2026, 11, 6, 12);
const options: TelemetryPlanOptions = {
  verify: createTelemetryVerifier(TEST_TELEMETRY_SIGNING_KEY),
  timeBounds: DEFAULT_EVENT_TIME_BOUNDS,
  nowMs: NOW,
};
const message = (position: number, raw: string): SourcedLine => ({ raw, partition: 3, position });
const signed = (overrides: Parameters<typeof signedTelemetryEvent>[0]) => JSON.stringify(signedTelemetryEvent(overrides));
const plan = (lines: SourcedLine[]) => planTelemetryBatch(lines, options);
const reasons = (lines: SourcedLine[]) => plan(lines).rejections.map((r) => [r.position, r.reason]);

describe("planTelemetryBatch()", () => {
  test("planTelemetryBatch() turns signed messages into rows in arrival order, each with its message", () => {
    const lines = [message(0, signed({ requestId: "a", time: 2000 })), message(1, signed({ requestId: "b", time: 1000 }))];
    expect(planTelemetryBatch(lines, { ...options, timeBounds: { ...DEFAULT_EVENT_TIME_BOUNDS, floorMs: 0 } })).toEqual({
      messages: 2,
      rows: [
        { row: toTelemetryRow(signedTelemetryEvent({ requestId: "a", time: 2000 })), line: lines[0] },
        { row: toTelemetryRow(signedTelemetryEvent({ requestId: "b", time: 1000 })), line: lines[1] },
      ],
      rejections: [],
      duplicatesInBatch: 0,
      maxEventTime: 2000,
    });
  });

  test("planTelemetryBatch() keeps the first message of a request id and counts the others", () => {
    const result = plan([
      message(0, signed({ requestId: "a", status: 200 })),
      message(1, signed({ requestId: "a", status: 503 })),
      message(2, signed({ requestId: "a", status: 200 })),
    ]);
    expect(result.rows.map((r) => [r.row.request_id, r.row.status])).toEqual([["a", 200]]);
    expect(result.duplicatesInBatch).toBe(2);
  });

  test("planTelemetryBatch() quarantines messages that are no event, with a reason code, the parser's words and their position", () => {
    const result = plan([
      message(4, "{"),
      message(5, ""),
      message(6, JSON.stringify({ ...signedTelemetryEvent(), formatVersion: 4 })),
      message(8, signed({ status: 99 })),
      message(9, JSON.stringify([1])),
    ]);
    expect(result.rows).toEqual([]);
    expect(result.maxEventTime).toBeNull();
    expect(result.rejections.map((r) => [r.position, r.partition, r.reason])).toEqual([
      [4, 3, "not_json"],
      [5, 3, "not_json"],
      [6, 3, "bad_format_version"],
      [8, 3, "number_out_of_range"],
      [9, 3, "invalid_event"],
    ]);
    expect(result.rejections[0].detail).toMatch(/^not JSON: /);
    expect(result.rejections[2].detail).toBe("invalid telemetry event: formatVersion: 4 is not 1, 2 or 3");
    expect(result.rejections[3].detail).toBe("invalid telemetry event: status: 99 is outside [100, 599]");
    expect(result.rejections[0].raw).toBe("{");
  });

  test("planTelemetryBatch() quarantines unsigned events of either format as unsigned, and forged ones as bad_signature", () => {
    const { clientRequestId: _, signature: __, interleaving: ___, ...v1 } = sampleTelemetryEvent({ requestId: "v1" });
    const forged = createTelemetrySigner("someone-else's-key-0123456789")(sampleTelemetryEvent({ requestId: "forged" }));
    const altered = { ...signedTelemetryEvent({ requestId: "altered", status: 200 }), status: 500, pool: "canary" };
    const result = plan([
      message(0, JSON.stringify({ ...v1, formatVersion: 1 })),
      message(1, JSON.stringify(sampleTelemetryEvent({ requestId: "unsigned", pool: "canary", status: 500 }))),
      message(2, JSON.stringify(forged)),
      message(3, JSON.stringify(altered)),
      message(4, signed({ requestId: "genuine" })),
    ]);
    expect(result.rejections.map((r) => [r.position, r.reason, r.detail])).toEqual([
      [0, "unsigned", "format 1 event: format 1 carries no signature"],
      [1, "unsigned", "no signature: written by a router without TELEMETRY_SIGNING_KEY, or not by a router"],
      [2, "bad_signature", "the signature does not match the event under this ingestion's key"],
      [3, "bad_signature", "the signature does not match the event under this ingestion's key"],
    ]);
    expect(result.rows.map((r) => r.row.request_id)).toEqual(["genuine"]);
  });

  test("planTelemetryBatch() stores signed format 2 events of older routers, and interleaved format 3 events with their teams", () => {
    const { interleaving: _, ...v2 } = signedTelemetryEvent({ requestId: "older-router" });
    const interleaving = { a: "stable", b: "canary", interleaved: true, teams: ["A" as const, "B" as const] };
    const interleaved = signedTelemetryEvent({ requestId: "interleaved", items: ["heat+1995", "up+2009"], interleaving });
    const result = plan([
      message(0, JSON.stringify({ ...v2, formatVersion: 2 })),
      message(1, JSON.stringify(interleaved)),
      // Dropping the interleaving of a signed event is altering it.
      message(2, JSON.stringify({ ...interleaved, requestId: "stripped", interleaving: null })),
    ]);
    expect(result.rows.map((r) => [r.row.request_id, r.row.interleaving])).toEqual([
      ["older-router", null],
      ["interleaved", interleaving],
    ]);
    expect(result.rejections.map((r) => [r.position, r.reason])).toEqual([[2, "bad_signature"]]);
  });

  test("planTelemetryBatch() judges times against the ingesting host's clock: beyond the tolerance is future_time, before the floor past_time", () => {
    const hour = DEFAULT_EVENT_TIME_BOUNDS.futureToleranceMs;
    const result = plan([
      message(0, signed({ requestId: "at-tolerance", time: NOW + hour })),
      message(1, signed({ requestId: "beyond", time: NOW + hour + 1 })),
      message(2, signed({ requestId: "year-9999", time: Date.UTC(9999, 11, 31) })),
      message(3, signed({ requestId: "at-floor", time: DEFAULT_EVENT_TIME_BOUNDS.floorMs })),
      message(4, signed({ requestId: "before-floor", time: DEFAULT_EVENT_TIME_BOUNDS.floorMs - 1 })),
    ]);
    expect(result.rejections.map((r) => [r.position, r.reason])).toEqual([[1, "future_time"], [2, "future_time"], [4, "past_time"]]);
    expect(result.rejections[0].detail).toBe(
      "event time 2026-12-06T13:00:00.001Z is more than 3600000 ms ahead of the trusted clock 2026-12-06T12:00:00.000Z",
    );
    expect(result.rows.map((r) => r.row.request_id)).toEqual(["at-tolerance", "at-floor"]);
    expect(result.maxEventTime).toBe(NOW + hour); // a refused time moves no clock
  });

  test("planTelemetryBatch() quarantines signed events beyond their columns with the bound's own reason", () => {
    expect(reasons([
      message(0, signed({ latencyMs: 1e39 })),
      message(1, signed({ pool: "sta\u0000ble" })),
      message(2, signed({ items: Array.from({ length: 21 }, (_, i) => `m+${i}`) })),
      message(3, signed({ items: ["heat+1995", "heat+1995"] })),
      message(4, signed({ modelVersion: "m".repeat(129) })),
      message(5, signed({ userId: 2 ** 31 })),
    ])).toEqual([
      [0, "number_out_of_range"],
      [1, "control_character"],
      [2, "too_many_items"],
      [3, "duplicate_items"],
      [4, "text_too_long"],
      [5, "number_out_of_range"],
    ]);
  });

  test("planTelemetryBatch() passes the original bytes through for lossless quarantine", () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x7b]);
    const result = plan([{ raw: new TextDecoder().decode(bytes), bytes, partition: 0, position: 1 }]);
    expect(result.rejections[0].bytes).toBe(bytes);
  });
});
