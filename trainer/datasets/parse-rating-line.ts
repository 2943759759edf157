/**
 * Parses one line of a MovieLens ratings file. Three layouts exist:
 * `tab` (ml-100k `u.data`, `u1.base`: user, item, rating, unix seconds),
 * `csv` (`ratings.csv` of ml-latest and ml-20m+: half stars allowed) and
 * `dat` (`ratings.dat` of ml-1m and ml-10m, fields joined by `::`).
 */
import { z } from "zod";
import type { RatingLineRejectionReason } from "./line-rejection.ts";

export const RatingFileFormat = z.enum(["tab", "csv", "dat"]);
export type RatingFileFormat = z.infer<typeof RatingFileFormat>;

/** The header line of `ratings.csv`; skipped when it is the first line. */
export const RATINGS_CSV_HEADER = "userId,movieId,rating,timestamp";

export type RatingLine = { readonly user: string; readonly item: string; readonly rating: number; readonly time: number };

export type RatingLineResult =
  | { readonly ok: true; readonly row: RatingLine }
  | { readonly ok: false; readonly reason: RatingLineRejectionReason; readonly detail: string };

const SEPARATORS: Record<RatingFileFormat, string> = { tab: "\t", csv: ",", dat: "::" };
const ID = /^[0-9]{1,12}$/;
const SECONDS = /^[0-9]{1,12}$/;
/** MovieLens ratings are 0.5..5 in half stars (ml-100k and ml-1m use whole stars only). */
const MIN_RATING = 0.5;
const MAX_RATING = 5;

function reject(reason: RatingLineRejectionReason, detail: string): RatingLineResult {
  return { ok: false, reason, detail };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
}

/** Parses one line (a trailing CR is ignored) into a rating row or a rejection; never throws. */
export function parseRatingLine(input: string, format: RatingFileFormat): RatingLineResult {
  const line = input.endsWith("\r") ? input.slice(0, -1) : input;
  if (line.trim().length === 0) return reject("empty_line", "the line is empty");
  const fields = line.split(SEPARATORS[format]);
  if (fields.length !== 4) {
    return reject("wrong_field_count", `expected 4 fields separated by ${quote(SEPARATORS[format])}, found ${fields.length}`);
  }
  const [user, item, ratingText, timeText] = fields;
  if (!ID.test(user)) return reject("bad_user_id", `not a user id: ${quote(user)}`);
  if (!ID.test(item)) return reject("bad_item_id", `not an item id: ${quote(item)}`);
  const rating = ratingText.trim() === "" ? NaN : Number(ratingText);
  if (!Number.isFinite(rating)) return reject("bad_rating", `not a number: ${quote(ratingText)}`);
  if (rating < MIN_RATING || rating > MAX_RATING || rating * 2 !== Math.round(rating * 2)) {
    return reject("rating_out_of_range", `rating ${rating} is not a half star in ${MIN_RATING}..${MAX_RATING}`);
  }
  if (!SECONDS.test(timeText)) return reject("bad_timestamp", `not unix seconds: ${quote(timeText)}`);
  return { ok: true, row: { user, item, rating, time: Number(timeText) * 1000 } };
}
