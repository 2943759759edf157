/**
 * Format 2 of the telemetry event, as routers before format 3 wrote it: the signed event
 * without `interleaving`. Frozen: ingestion keeps storing it (its signature covers the
 * same text as a format 3 event without an interleaving, sign-telemetry-event.ts), and
 * offline readers keep reading it.
 */
import { z } from "zod";
import {
  SIGNED_TELEMETRY_FIELDS,
  TELEMETRY_FIELDS,
  TELEMETRY_FORMAT_VERSION,
  type TelemetryEvent,
} from "./telemetry-event.ts";

export const TelemetryEventV2 = z.strictObject({
  formatVersion: z.literal(2),
  ...TELEMETRY_FIELDS,
  ...SIGNED_TELEMETRY_FIELDS,
});
export type TelemetryEventV2 = z.infer<typeof TelemetryEventV2>;

/** A format-2 event in the current shape: no router before format 3 interleaved. */
export function upgradeTelemetryEventV2(event: TelemetryEventV2): TelemetryEvent {
  return { ...event, formatVersion: TELEMETRY_FORMAT_VERSION, interleaving: null };
}
