/**
 * Why a telemetry message was quarantined instead of stored: the `reason` of its
 * quarantine row and the label of ingest_rejected_total. The parser names the first
 * five groups, ingestion the signature, time and store reasons.
 */
import { z } from "zod";

export const TELEMETRY_REJECTION_REASONS = [
  // Not an event at all.
  "not_json",
  "bad_format_version",
  "invalid_event",
  // An event, but a field outside its bounds (shared/telemetry/telemetry-bounds.ts).
  "number_out_of_range",
  "text_too_long",
  "control_character",
  "unpaired_surrogate",
  "too_many_items",
  "duplicate_items",
  "too_many_assignments",
  // Not written by the router: no signature (format 1, or a router without a key), or a wrong one.
  "unsigned",
  "bad_signature",
  // A time no clock may take: before the floor, or ahead of the ingesting host's clock.
  "future_time",
  "past_time",
  // The database refused the event itself (its words are the detail); the rest of the batch applied.
  "store_refused",
] as const;

export const TelemetryRejectionReason = z.enum(TELEMETRY_REJECTION_REASONS);
export type TelemetryRejectionReason = z.infer<typeof TelemetryRejectionReason>;
