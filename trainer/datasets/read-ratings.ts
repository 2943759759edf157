/**
 * Turns the text of a MovieLens ratings file into an interaction set. Pure:
 * the caller reads the file. Id maps may be passed in so that a test file is
 * indexed consistently with its training file (unseen ids are appended).
 */
import { IdMap } from "./id-map.ts";
import { type Interactions, InteractionsBuilder } from "./interactions.ts";
import type { RatingLineRejection } from "./line-rejection.ts";
import { parseRatingLine, RATINGS_CSV_HEADER, type RatingFileFormat } from "./parse-rating-line.ts";

export type RatingsRead = {
  readonly interactions: Interactions;
  readonly users: IdMap;
  readonly items: IdMap;
  /** Every line that did not become a row, with its line number and reason. */
  readonly rejections: RatingLineRejection[];
};

/** Parses a whole ratings file; `maps` are extended in place when given. */
export function readRatings(
  text: string,
  format: RatingFileFormat,
  maps: { users: IdMap; items: IdMap } = { users: new IdMap(), items: new IdMap() },
): RatingsRead {
  const builder = new InteractionsBuilder();
  const rejections: RatingLineRejection[] = [];
  const { users, items } = maps;
  let start = 0;
  let lineNumber = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    lineNumber++;
    if (lineNumber === 1 && format === "csv" && line.trim() === RATINGS_CSV_HEADER) continue;
    const result = parseRatingLine(line, format);
    if (!result.ok) {
      rejections.push({ line: lineNumber, reason: result.reason, detail: result.detail });
      continue;
    }
    const { row } = result;
    builder.push(users.intern(row.user), items.intern(row.item), row.rating, row.time);
  }
  return { interactions: builder.build(), users, items, rejections };
}
