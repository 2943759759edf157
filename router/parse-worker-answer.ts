import { isMovieId } from "../shared/movielog/movie-id.ts";
import { MAX_ANSWER_ITEMS } from "../shared/recommendation/max-answer-items.ts";

/** The most ids an answer may hold. */
export const MAX_ITEMS = MAX_ANSWER_ITEMS;

/** A worker's answer as movie ids, or why it is unusable. */
export type ParsedWorkerAnswer = { ok: true; items: string[] } | { ok: false; reason: string };

/**
 * Checks a worker's body: one line (a final newline is allowed) of 1–20 distinct,
 * well-formed movie ids separated by `,` (spaces around them tolerated). Never throws.
 */
export function parseWorkerAnswer(body: string): ParsedWorkerAnswer {
  const line = body.endsWith("\r\n")
    ? body.slice(0, -2)
    : body.endsWith("\n")
    ? body.slice(0, -1)
    : body;
  if (/[\r\n]/.test(line)) return { ok: false, reason: "answer has more than one line" };
  if (line.trim() === "") return { ok: false, reason: "answer is empty" };
  const items = line.split(",").map((id) => id.trim());
  if (items.length > MAX_ITEMS) {
    return { ok: false, reason: `answer has ${items.length} ids, more than ${MAX_ITEMS}` };
  }
  const bad = items.find((id) => !isMovieId(id));
  if (bad !== undefined) {
    return {
      ok: false,
      reason: `answer holds a malformed movie id ${JSON.stringify(bad.slice(0, 40))}`,
    };
  }
  if (new Set(items).size !== items.length) {
    return { ok: false, reason: "answer repeats a movie id" };
  }
  return { ok: true, items };
}
