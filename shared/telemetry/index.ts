/**
 * Telemetry: the event the router writes for every answered recommendation request, and
 * its parser for the readers (ingestion, release supervisor, experiment reports).
 */
export * from "./telemetry-event.ts";
export * from "./parse-telemetry-event.ts";
