/** Why a movielog line could not become an event. Every rejected line keeps its reason. */
import { z } from "zod";

export const REJECTION_REASONS = [
  "empty_line",
  "truncated",
  "bad_timestamp",
  "bad_user_id",
  "unknown_kind",
  "bad_movie_id",
  "bad_minute",
  "bad_rating",
  "rating_out_of_range",
  "bad_status",
  "bad_latency",
  "bad_server",
  "line_too_long",
  "control_character",
  // Bounds: the line parses, but a value would not fit the store or the contract.
  "latency_out_of_range",
  "too_many_items",
  "duplicate_items",
  // Clocks: an event time no stream clock may take (see shared/time/event-time-bounds.ts).
  "future_time",
  "past_time",
  // The database refused the event itself (its words are the detail); the rest of the batch applied.
  "store_refused",
] as const;

export const RejectionReason = z.enum(REJECTION_REASONS);
export type RejectionReason = z.infer<typeof RejectionReason>;

export const Rejection = z.object({
  reason: RejectionReason,
  /** Human-readable detail naming the offending value. */
  detail: z.string(),
});
export type Rejection = z.infer<typeof Rejection>;
