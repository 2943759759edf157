/**
 * Format 1 of the telemetry event, as routers before format 2 wrote it: the same
 * fields without `signature` and `clientRequestId` (its `requestId` could be the
 * caller's). Frozen: offline readers (reports and replays over files) keep reading
 * it; ingestion quarantines it as `unsigned`, since nothing says a router wrote it.
 */
import { z } from "zod";
import { TELEMETRY_FIELDS, TELEMETRY_FORMAT_VERSION, type TelemetryEvent } from "./telemetry-event.ts";

export const TelemetryEventV1 = z.strictObject({
  formatVersion: z.literal(1),
  ...TELEMETRY_FIELDS,
});
export type TelemetryEventV1 = z.infer<typeof TelemetryEventV1>;

/**
 * A format-1 event in the current shape: no caller's id is known apart, it is unsigned,
 * and it was not interleaved (no router before format 3 interleaved).
 */
export function upgradeTelemetryEventV1(event: TelemetryEventV1): TelemetryEvent {
  return { ...event, formatVersion: TELEMETRY_FORMAT_VERSION, clientRequestId: null, signature: null, interleaving: null };
}
