/**
 * The body of an answer to `GET /recommend/<userid>`, the same from a worker to the router
 * and from the router to the site: one line of 1–MAX_ANSWER_ITEMS distinct movie ids
 * separated by `,`.
 */
import { isMovieId } from "../movielog/movie-id.ts";
import { MAX_ANSWER_ITEMS } from "./max-answer-items.ts";

/** An answer's movie ids, or why the body is not an answer (one line, safe to log). */
export type ParsedAnswer = { ok: true; items: string[] } | { ok: false; reason: string };

const MAX_SHOWN = 40;

/**
 * Reads an answer body: one line (a final `\n` or `\r\n` is allowed) of 1–20 distinct,
 * well-formed movie ids separated by `,`, spaces around them tolerated. Never throws.
 */
export function parseAnswer(body: string): ParsedAnswer {
  const line = body.endsWith("\r\n")
    ? body.slice(0, -2)
    : body.endsWith("\n")
    ? body.slice(0, -1)
    : body;
  if (/[\r\n]/.test(line)) return { ok: false, reason: "answer has more than one line" };
  if (line.trim() === "") return { ok: false, reason: "answer is empty" };
  const items = line.split(",").map((id) => id.trim());
  if (items.length > MAX_ANSWER_ITEMS) {
    return { ok: false, reason: `answer has ${items.length} ids, more than ${MAX_ANSWER_ITEMS}` };
  }
  const bad = items.find((id) => !isMovieId(id));
  if (bad !== undefined) {
    return {
      ok: false,
      reason: `answer holds a malformed movie id ${JSON.stringify(bad.slice(0, MAX_SHOWN))}`,
    };
  }
  if (new Set(items).size !== items.length) {
    return { ok: false, reason: "answer repeats a movie id" };
  }
  return { ok: true, items };
}

/**
 * Writes an answer body: the ids joined by `,`, without spaces or a line break. The ids
 * are the caller's to check (a model's or an already parsed answer's); more than
 * MAX_ANSWER_ITEMS cannot happen, since every list length is bounded by it, so it throws.
 */
export function formatAnswer(items: readonly string[]): string {
  if (items.length > MAX_ANSWER_ITEMS) {
    throw new Error(
      `Cannot format an answer of ${items.length} movie ids: at most ${MAX_ANSWER_ITEMS} are allowed`,
    );
  }
  return items.join(",");
}
