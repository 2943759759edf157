/**
 * Telemetry: the event the router writes for every answered recommendation request, its
 * bounds, its signature, and its parser for the readers (ingestion, release supervisor,
 * experiment reports).
 */
export * from "./telemetry-event.ts";
export * from "./telemetry-event-v1.ts";
export * from "./telemetry-event-v2.ts";
export * from "./telemetry-bounds.ts";
export * from "./telemetry-rejection.ts";
export * from "./parse-telemetry-event.ts";
export * from "./sign-telemetry-event.ts";
export * from "./telemetry-signing-key.ts";
