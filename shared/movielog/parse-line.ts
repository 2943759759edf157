/**
 * The movielog line parser. Every input string becomes either a typed event or a
 * typed rejection with a reason; it never throws. Written with indexOf and char
 * codes rather than regular expressions or per-line schema validation because
 * ingestion runs it on every watched minute of every user.
 */
import { MAX_ANSWER_ITEMS } from "../recommendation/max-answer-items.ts";
import { MAX_LATENCY_MS, MAX_SERVER_LENGTH, MAX_USER_ID, type MovielogEvent } from "./events.ts";
import { isMovieId } from "./movie-id.ts";
import { parseLogTime } from "./parse-time.ts";
import type { Rejection, RejectionReason } from "./rejection.ts";

export type ParseResult =
  | { readonly ok: true; readonly event: MovielogEvent }
  | { readonly ok: false; readonly rejection: Rejection };

/** Lines longer than this are rejected outright: no real line comes close. */
export const MAX_LINE_LENGTH = 20_000;

// deno-lint-ignore no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const WATCH_PREFIX = "GET /data/m/";
const RATE_PREFIX = "GET /rate/";
const RECOMMENDATION_PREFIX = "recommendation request ";
const STATUS_MARK = ", status ";
const RESULT_MARK = ", result:";

function reject(reason: RejectionReason, detail: string): ParseResult {
  return { ok: false, rejection: { reason, detail } };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value);
}

/** Parses a non-negative decimal integer of at most `maxDigits` digits, else -1. */
function parseNatural(s: string, maxDigits: number): number {
  if (s.length === 0 || s.length > maxDigits) return -1;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Parses one movielog line (a trailing CR is ignored). */
export function parseLine(input: string): ParseResult {
  const line = input.endsWith("\r") ? input.slice(0, -1) : input;
  if (line.trim().length === 0) return reject("empty_line", "the line is empty");
  if (line.length > MAX_LINE_LENGTH) {
    return reject("line_too_long", `the line has ${line.length} characters (limit ${MAX_LINE_LENGTH})`);
  }
  // No real line holds control characters; NUL in particular cannot be stored as Postgres text.
  const control = CONTROL_CHARACTER.exec(line);
  if (control) {
    return reject("control_character", `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0")} at ${control.index}`);
  }
  const firstComma = line.indexOf(",");
  const timeText = firstComma < 0 ? line : line.slice(0, firstComma);
  const time = parseLogTime(timeText);
  if (time === null) return reject("bad_timestamp", `not a movielog time: ${quote(timeText)}`);
  if (firstComma < 0) return reject("truncated", "the line ends after the time");
  const secondComma = line.indexOf(",", firstComma + 1);
  const userText = secondComma < 0 ? line.slice(firstComma + 1) : line.slice(firstComma + 1, secondComma);
  const userId = parseNatural(userText, 10);
  if (userId < 0 || userId > MAX_USER_ID) return reject("bad_user_id", `not a user id: ${quote(userText)}`);
  if (secondComma < 0) return reject("truncated", "the line ends after the user id");
  const rest = line.slice(secondComma + 1);

  if (rest.startsWith(WATCH_PREFIX)) return parseWatch(time, userId, rest.slice(WATCH_PREFIX.length));
  if (rest.startsWith(RATE_PREFIX)) return parseRate(time, userId, rest.slice(RATE_PREFIX.length));
  if (rest.startsWith(RECOMMENDATION_PREFIX)) {
    return parseRecommendation(time, userId, rest.slice(RECOMMENDATION_PREFIX.length));
  }
  if (WATCH_PREFIX.startsWith(rest) || RATE_PREFIX.startsWith(rest) || RECOMMENDATION_PREFIX.startsWith(rest)) {
    return reject("truncated", `the request is cut short: ${quote(rest)}`);
  }
  return reject("unknown_kind", `not a watch, rate or recommendation entry: ${quote(rest)}`);
}

function parseWatch(time: number, userId: number, body: string): ParseResult {
  const slash = body.lastIndexOf("/");
  if (slash < 0) return reject("truncated", `watch request without a minute: ${quote(body)}`);
  const movieId = body.slice(0, slash);
  if (!isMovieId(movieId)) return reject("bad_movie_id", `not a movie id: ${quote(movieId)}`);
  const file = body.slice(slash + 1);
  if (!file.endsWith(".mpg")) {
    // `114`, `114.m` or `` are what is left of `114.mpg` when the line was cut.
    return ".mpg".startsWith(file.replace(/^\d+/, ""))
      ? reject("truncated", `watch request cut short: ${quote(file)}`)
      : reject("bad_minute", `not a minute file: ${quote(file)}`);
  }
  const minute = parseNatural(file.slice(0, -4), 6);
  if (minute < 0 || minute > 100_000) return reject("bad_minute", `not a minute number: ${quote(file)}`);
  return { ok: true, event: { kind: "watch", time, userId, movieId, minute } };
}

function parseRate(time: number, userId: number, body: string): ParseResult {
  const eq = body.lastIndexOf("=");
  if (eq < 0) return reject("truncated", `rating without a value: ${quote(body)}`);
  const movieId = body.slice(0, eq);
  if (!isMovieId(movieId)) return reject("bad_movie_id", `not a movie id: ${quote(movieId)}`);
  const ratingText = body.slice(eq + 1);
  if (ratingText.length === 0) return reject("truncated", "rating value missing");
  if (!/^-?\d+$/.test(ratingText)) return reject("bad_rating", `not an integer rating: ${quote(ratingText)}`);
  const rating = Number(ratingText);
  if (rating < 1 || rating > 5) return reject("rating_out_of_range", `rating ${ratingText} is outside 1..5`);
  return { ok: true, event: { kind: "rate", time, userId, movieId, rating } };
}

function parseRecommendation(time: number, userId: number, body: string): ParseResult {
  const statusAt = body.indexOf(STATUS_MARK);
  if (statusAt < 0) return reject("truncated", `recommendation entry without a status: ${quote(body)}`);
  const server = body.slice(0, statusAt);
  if (server.length === 0 || server.length > MAX_SERVER_LENGTH || /[\s,]/.test(server)) {
    return reject("bad_server", `not a server address: ${quote(server)}`);
  }
  const resultAt = body.indexOf(RESULT_MARK, statusAt);
  if (resultAt < 0) return reject("truncated", `recommendation entry without a result: ${quote(body)}`);
  const statusText = body.slice(statusAt + STATUS_MARK.length, resultAt);
  const status = parseNatural(statusText, 3);
  if (status < 0) return reject("bad_status", `not an HTTP status: ${quote(statusText)}`);
  // The response time is always the last field, even when error text holds commas.
  const resultBody = body.slice(resultAt + RESULT_MARK.length);
  const lastComma = resultBody.lastIndexOf(",");
  if (lastComma < 0) return reject("truncated", `recommendation entry without a response time: ${quote(body)}`);
  const latencyText = resultBody.slice(lastComma + 1).trim();
  if (!latencyText.endsWith(" ms")) {
    return reject("truncated", `response time is not '<N> ms': ${quote(latencyText)}`);
  }
  const latencyNumber = latencyText.slice(0, -3);
  if (!/^\d+(\.\d+)?$/.test(latencyNumber)) return reject("bad_latency", `not a response time: ${quote(latencyText)}`);
  const latencyMs = Number(latencyNumber);
  // `1000…000 ms` parses as 1e39, which no float4 column holds and no client waited for.
  if (!(latencyMs <= MAX_LATENCY_MS)) {
    return reject("latency_out_of_range", `response time ${quote(latencyNumber)} ms is above ${MAX_LATENCY_MS} ms`);
  }
  const result = resultBody.slice(0, lastComma).trim();
  if (status !== 200) {
    return {
      ok: true,
      event: { kind: "recommendation", time, userId, server, status, items: [], error: result, latencyMs },
    };
  }
  const items: string[] = [];
  if (result.length > 0) {
    const seen = new Set<string>();
    for (const raw of result.split(",")) {
      const item = raw.trim();
      if (!isMovieId(item)) return reject("bad_movie_id", `not a movie id in the result: ${quote(item)}`);
      // The contract is up to MAX_ANSWER_ITEMS distinct ids: a list beyond it is not an answer we gave.
      if (seen.has(item)) return reject("duplicate_items", `movie id ${quote(item)} appears twice in the result`);
      if (items.length === MAX_ANSWER_ITEMS) {
        return reject("too_many_items", `the result holds more than ${MAX_ANSWER_ITEMS} movie ids`);
      }
      seen.add(item);
      items.push(item);
    }
  }
  return { ok: true, event: { kind: "recommendation", time, userId, server, status, items, error: null, latencyMs } };
}
