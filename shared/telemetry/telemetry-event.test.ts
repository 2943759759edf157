import { expect, test } from "bun:test";
import { parseTelemetryEvent, TELEMETRY_FORMAT_VERSION, type TelemetryEvent } from "./index.ts";

const event: TelemetryEvent = {
  formatVersion: TELEMETRY_FORMAT_VERSION,
  requestId: "req-1",
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
};

test("parseTelemetryEvent() reads back what the router writes", () => {
  expect(parseTelemetryEvent(JSON.stringify(event))).toEqual({ ok: true, event });
});

test("parseTelemetryEvent() accepts a refused request without user, pool or model", () => {
  const refused = {
    ...event,
    userId: null,
    status: 400,
    pool: null,
    modelVersion: null,
    items: [],
  };
  expect(parseTelemetryEvent(JSON.stringify(refused)).ok).toBe(true);
});

test("parseTelemetryEvent() refuses another format version, naming the field", () => {
  const result = parseTelemetryEvent(JSON.stringify({ ...event, formatVersion: 2 }));
  expect(result.ok).toBe(false);
  expect(!result.ok && result.reason).toMatch(/^invalid telemetry event: formatVersion: /);
});

test("parseTelemetryEvent() refuses text that is not JSON and unknown fields", () => {
  expect(parseTelemetryEvent("{").ok).toBe(false);
  const extra = parseTelemetryEvent(JSON.stringify({ ...event, extra: 1 }));
  expect(!extra.ok && extra.reason).toMatch(/unrecognized key/i);
});
