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
] as const;

export const RejectionReason = z.enum(REJECTION_REASONS);
export type RejectionReason = z.infer<typeof RejectionReason>;

export const Rejection = z.object({
  reason: RejectionReason,
  /** Human-readable detail naming the offending value. */
  detail: z.string(),
});
export type Rejection = z.infer<typeof Rejection>;
