import { expect, test } from "bun:test";
import { parseTelemetryEvent, TELEMETRY_FORMAT_VERSION, type TelemetryEvent } from "./index.ts";

const event: TelemetryEvent = {
  formatVersion: TELEMETRY_FORMAT_VERSION,
  requestId: "0b6f8f7e-2c1a-4d1e-9a53-5e8b1f6f2d11",
  clientRequestId: "req-1",
  time: 1_700_000_000_000,
  userId: 42,
  status: 200,
  latencyMs: 3.5,
  pool: "stable",
  modelVersion: "als-7",
  rulesVersion: 12,
  assignments: [{ experiment: "ranker", variant: "v2" }],
  items: ["heat+1995", "akira+1988"],
  fallback: false,
  fallbackReason: null,
  signature: "ab".repeat(32),
  interleaving: null,
};

/** An answer merged from two pools, with the team of each item. */
const interleaved: TelemetryEvent = {
  ...event,
  interleaving: { a: "stable", b: "canary", interleaved: true, teams: ["B", "A"] },
};

/** What a format-2 router wrote: no interleaving. */
const { interleaving: _i, ...v2Fields } = event;
const v2 = { ...v2Fields, formatVersion: 2 };

/** What a format-1 router wrote: no signature, no caller's id apart. */
const { clientRequestId: _, signature: __, ...v1Fields } = v2;
const v1 = { ...v1Fields, formatVersion: 1, requestId: "req-1" };

test("parseTelemetryEvent() reads back what the router writes, as format 3", () => {
  expect(parseTelemetryEvent(JSON.stringify(event))).toEqual({ ok: true, event, writtenAs: 3 });
  expect(parseTelemetryEvent(JSON.stringify(interleaved))).toEqual({ ok: true, event: interleaved, writtenAs: 3 });
});

test("parseTelemetryEvent() reads a format-2 event in the current shape, not interleaved", () => {
  expect(parseTelemetryEvent(JSON.stringify(v2))).toEqual({ ok: true, event, writtenAs: 2 });
});

test("parseTelemetryEvent() refuses format 2 with format 3's interleaving, and format 3 without it, as invalid_event", () => {
  const v2WithInterleaving = parseTelemetryEvent(JSON.stringify({ ...interleaved, formatVersion: 2 }));
  expect(!v2WithInterleaving.ok && v2WithInterleaving.reason).toBe("invalid_event");
  const v3WithoutInterleaving = parseTelemetryEvent(JSON.stringify({ ...v2, formatVersion: 3 }));
  expect(!v3WithoutInterleaving.ok && v3WithoutInterleaving.reason).toBe("invalid_event");
});

test("parseTelemetryEvent() reads a format-1 event in the current shape, unsigned and without a caller's id", () => {
  expect(parseTelemetryEvent(JSON.stringify(v1))).toEqual({
    ok: true,
    event: { ...event, requestId: "req-1", clientRequestId: null, signature: null },
    writtenAs: 1,
  });
});

test("parseTelemetryEvent() accepts a refused request without user, pool or model", () => {
  const refused = { ...event, userId: null, status: 400, pool: null, modelVersion: null, items: [] };
  expect(parseTelemetryEvent(JSON.stringify(refused)).ok).toBe(true);
});

test("parseTelemetryEvent() refuses a format version no router wrote, naming the value", () => {
  expect(parseTelemetryEvent(JSON.stringify({ ...event, formatVersion: 4 }))).toEqual({
    ok: false,
    reason: "bad_format_version",
    detail: "invalid telemetry event: formatVersion: 4 is not 1, 2 or 3",
  });
});

test("parseTelemetryEvent() refuses format 1 with format 2's fields, and format 2 without them, as invalid_event", () => {
  const v1WithSignature = parseTelemetryEvent(JSON.stringify({ ...v1, signature: null }));
  expect(v1WithSignature).toEqual({ ok: false, reason: "invalid_event", detail: 'invalid telemetry event: (event): Unrecognized key: "signature"' });
  const v2WithoutSignature = parseTelemetryEvent(JSON.stringify({ ...v1, formatVersion: 2 }));
  expect(!v2WithoutSignature.ok && v2WithoutSignature.reason).toBe("invalid_event");
});

test("parseTelemetryEvent() refuses text that is not JSON, non-objects and unknown fields", () => {
  expect(parseTelemetryEvent("{")).toMatchObject({ ok: false, reason: "not_json" });
  expect(parseTelemetryEvent("")).toMatchObject({ ok: false, reason: "not_json" });
  expect(parseTelemetryEvent("[1]")).toEqual({
    ok: false,
    reason: "invalid_event",
    detail: "invalid telemetry event: (event): not an object with a formatVersion",
  });
  expect(parseTelemetryEvent(JSON.stringify({ pool: "canary", status: 500 }))).toMatchObject({ ok: false, reason: "invalid_event" });
  const extra = parseTelemetryEvent(JSON.stringify({ ...event, extra: 1 }));
  expect(!extra.ok && extra.detail).toMatch(/unrecognized key/i);
});

test("parseTelemetryEvent() prefers invalid_event over a bound when the event is also malformed", () => {
  const both = parseTelemetryEvent(JSON.stringify({ ...event, latencyMs: 1e39, status: "ok" }));
  expect(!both.ok && both.reason).toBe("invalid_event");
});

test("parseTelemetryEvent() names the field and the bound in its details, escaping what a text column refuses", () => {
  expect(parseTelemetryEvent(JSON.stringify({ ...event, latencyMs: 1e39 }))).toEqual({
    ok: false,
    reason: "number_out_of_range",
    detail: "invalid telemetry event: latencyMs: 1e+39 is outside [0, 3600000]",
  });
  const nul = parseTelemetryEvent(JSON.stringify({ ...event, pool: "sta\u0000ble" }));
  expect(nul).toEqual({ ok: false, reason: "control_character", detail: "invalid telemetry event: pool: holds U+0000" });
  const key = parseTelemetryEvent(JSON.stringify({ ...event, ["x\u0000"]: 1 }));
  expect(!key.ok && key.detail).toBe('invalid telemetry event: (event): Unrecognized key: "x\\u0000"');
  const notJson = parseTelemetryEvent("{\u0000");
  expect(!notJson.ok && notJson.detail.includes("\u0000")).toBe(false);
});

test("parseTelemetryEvent() refuses a signature that is not 64 lowercase hex digits as bad_signature", () => {
  expect(parseTelemetryEvent(JSON.stringify({ ...event, signature: "AB".repeat(32) }))).toMatchObject({ ok: false, reason: "bad_signature" });
  expect(parseTelemetryEvent(JSON.stringify({ ...event, signature: "" }))).toMatchObject({ ok: false, reason: "bad_signature" });
});
