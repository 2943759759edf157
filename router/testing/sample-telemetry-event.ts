/** A valid telemetry event for tests, with `overrides` applied. */
import { TELEMETRY_FORMAT_VERSION, type TelemetryEvent } from "../../shared/telemetry/index.ts";

/** An answered request of user 42 from pool stable. */
export function sampleTelemetryEvent(overrides: Partial<TelemetryEvent> = {}): TelemetryEvent {
  return {
    formatVersion: TELEMETRY_FORMAT_VERSION,
    requestId: "req-1",
    time: 1_700_000_000_000,
    userId: 42,
    status: 200,
    latencyMs: 2,
    pool: "stable",
    modelVersion: "als-test",
    rulesVersion: 1,
    assignments: [],
    items: ["heat+1995"],
    fallback: false,
    fallbackReason: null,
    ...overrides,
  };
}
