/** Why a ratings-file line could not become an interaction; every bad line keeps its reason. */
import { z } from "zod";

export const RATING_LINE_REJECTION_REASONS = [
  "empty_line",
  "wrong_field_count",
  "bad_user_id",
  "bad_item_id",
  "bad_rating",
  "rating_out_of_range",
  "bad_timestamp",
] as const;

export const RatingLineRejectionReason = z.enum(RATING_LINE_REJECTION_REASONS);
export type RatingLineRejectionReason = z.infer<typeof RatingLineRejectionReason>;

export const RatingLineRejection = z.object({
  /** 1-based line number in the file. */
  line: z.number().int().positive(),
  reason: RatingLineRejectionReason,
  /** Human-readable detail naming the offending value. */
  detail: z.string(),
});
export type RatingLineRejection = z.infer<typeof RatingLineRejection>;
