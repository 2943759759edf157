/** Valid telemetry events for tests, with `overrides` applied, unsigned or signed with the test key. */
import {
  createTelemetrySigner,
  TELEMETRY_FORMAT_VERSION,
  type TelemetryEvent,
} from "../../shared/telemetry/index.ts";

/** The signing key of tests: what router and ingestion share in them. */
export const TEST_TELEMETRY_SIGNING_KEY = "test-telemetry-signing-key-0123456789";

const sign = createTelemetrySigner(TEST_TELEMETRY_SIGNING_KEY);

/** An answered request of user 42 from pool stable, unsigned. */
export function sampleTelemetryEvent(overrides: Partial<TelemetryEvent> = {}): TelemetryEvent {
  return {
    formatVersion: TELEMETRY_FORMAT_VERSION,
    requestId: "req-1",
    clientRequestId: null,
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
    signature: null,
    interleaving: null,
    ...overrides,
  };
}

/** The same event signed with TEST_TELEMETRY_SIGNING_KEY, as a router holding it writes it. */
export function signedTelemetryEvent(overrides: Partial<TelemetryEvent> = {}): TelemetryEvent {
  return sign(sampleTelemetryEvent(overrides));
}
