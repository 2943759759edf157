/**
 * Hostile lines (issue 13): records written to get past the platform's bounds, not
 * by accident. Numbers that overflow their columns, times no clock may take, control
 * characters, lines at and over the length cap, answers with too many or repeated
 * items. Each comes with what the platform must make of it: a quarantine reason, or
 * "event" for a line exactly at a bound, which must be stored. The parser gives every
 * reason but two: `future_time` and `past_time` come from ingestion's event-time
 * bounds (shared/time/event-time-bounds.ts) with their defaults.
 */
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import { MAX_LATENCY_MS, MAX_USER_ID, type MovielogEvent } from "../../shared/movielog/events.ts";
import { MAX_LINE_LENGTH } from "../../shared/movielog/parse-line.ts";
import { formatLogTime } from "../../shared/movielog/parse-time.ts";
import type { RejectionReason } from "../../shared/movielog/rejection.ts";
import type { Random } from "../../shared/random/mulberry32.ts";
import { MAX_ANSWER_ITEMS } from "../../shared/recommendation/max-answer-items.ts";
import { drawInt, drawItem } from "../world/random-draws.ts";

/** A hostile line with what the platform must make of it. */
export type HostileLine = { readonly line: string; readonly expect: "event" | RejectionReason };

/** What a hostile line is made from: the clean event it rides on, its clean line, and the movie ids it may list. */
export type HostileSource = {
  readonly event: MovielogEvent;
  readonly line: string;
  /** Distinct valid movie ids (the world's catalogue); too short a catalogue is padded with made-up ids. */
  readonly catalogue: readonly string[];
};

type MakeHostileLine = (random: Random, source: HostileSource) => HostileLine;

/**
 * Every far-future line names this one user. Ingestion believes a jump ahead that
 * DEFAULT_TIME_QUORUM (3) distinct users of a batch make together, so far-future lines
 * of different users could vouch for each other; from one user they never can.
 */
export const LONE_FUTURE_USER_ID = MAX_USER_ID;

const FUTURE_TIMES = ["9999-12-31T23:59", "9999-12-31T23:59:59.999999999Z", "2999-01-01T00:00:00.000"];
const PAST_TIMES = ["1970-01-01T00:00", "1999-12-31T23:59", "1999-12-31T23:59:59.999"];
// A year of five digits or before 1970 is no movielog time at all.
const OVERFLOWING_TIMES = ["99999-12-31T23:59", "1969-12-31T23:59:59.999", "2147483648-01-01T00:00"];
const OVERFLOWING_USER_IDS = [String(MAX_USER_ID + 1), "4294967296", "99999999999999999999", `1${"0".repeat(39)}`];
// Beyond the largest minute (100,000) and beyond every integer column.
const OVERFLOWING_MINUTES = ["100001", "2147483648", "99999999999999999999"];
const OVERFLOWING_RATINGS = ["99999999999999999999", "2147483648", "-99999999999999999999"];
const OVERFLOWING_STATUSES = ["1000", "2000", "99999999999999999999"];
// 1e39 is what once stopped ingestion (no float4 holds it); the bound is an hour.
const OVERFLOWING_LATENCIES = [`1${"0".repeat(39)}`, String(MAX_LATENCY_MS + 1), `${MAX_LATENCY_MS}.5`, "2147483648"];
const OTHER_CONTROL_CHARACTERS = ["\u0001", "\u001b[2J", "\u001f", "\u007f"];
/** The server the lines at and over the length cap name, one no clean line names. */
export const LONG_ERROR_SERVER = "length-cap.invalid:8082";
// No commas: a recommendation line's response time follows the last comma.
const STACK_TRACE = `java.util.concurrent.TimeoutException: Request timeout after ${SITE_CLIENT_TIMEOUT_MS} ms at org.asynchttpclient.netty.timeout.RequestTimeoutTimerTask.run(RequestTimeoutTimerTask.java:43) `;

/** `count` distinct movie ids: a run of the catalogue from a drawn start, padded when the catalogue is short. */
export function distinctMovies(random: Random, catalogue: readonly string[], count: number): string[] {
  const ids: string[] = [];
  if (catalogue.length > 0) {
    const start = drawInt(random, 0, catalogue.length - 1);
    for (let i = 0; i < Math.min(count, catalogue.length); i++) ids.push(catalogue[(start + i) % catalogue.length]);
  }
  const taken = new Set(ids);
  for (let i = 0; ids.length < count; i++) {
    const id = `hostile+filler+${i}`;
    if (!taken.has(id)) ids.push(id);
  }
  return ids;
}

function movieOf(random: Random, { event, catalogue }: HostileSource): string {
  if (event.kind !== "recommendation") return event.movieId;
  return event.items[0] ?? distinctMovies(random, catalogue, 1)[0];
}

/** The clean line's request: everything after the time and the user id. */
function requestOf(line: string): string {
  return line.slice(line.indexOf(",", line.indexOf(",") + 1) + 1);
}

function recommendationLine(event: MovielogEvent, status: string, result: string, latency: string, server = serverOf(event)): string {
  return `${formatLogTime(event.time)},${event.userId},recommendation request ${server}, status ${status}, result: ${result}, ${latency} ms`;
}

function serverOf(event: MovielogEvent): string {
  return event.kind === "recommendation" ? event.server : "recommender:8082";
}

/**
 * A failed request whose logged error text makes the line exactly `length` characters
 * long. Its server is its own: ingestion keys recommendations by user, time and server,
 * and would otherwise keep this line and drop the clean one after it as a duplicate.
 */
function longErrorLine(event: MovielogEvent, length: number): string {
  const bare = recommendationLine(event, "0", "", String(SITE_CLIENT_TIMEOUT_MS), LONG_ERROR_SERVER);
  const room = length - bare.length;
  const error = STACK_TRACE.repeat(Math.ceil(room / STACK_TRACE.length)).slice(0, room);
  return recommendationLine(event, "0", error, String(SITE_CLIENT_TIMEOUT_MS), LONG_ERROR_SERVER);
}

/** `insert` placed in `line` at a drawn kind of position: start, time, user id, request, end, or alone. */
function insertAtDrawnPosition(random: Random, line: string, insert: string): string {
  const userAt = line.indexOf(",") + 1;
  const requestAt = line.indexOf(",", userAt) + 1;
  const at = drawItem(random, [
    () => 0,
    () => drawInt(random, 1, userAt - 2),
    () => drawInt(random, userAt, requestAt - 1),
    () => drawInt(random, requestAt, line.length - 1),
    () => line.length,
    () => -1,
  ])();
  return at < 0 ? insert : line.slice(0, at) + insert + line.slice(at);
}

/** Every hostile class, each a maker of lines with the platform's verdict. */
export const HOSTILE_CLASSES = {
  "latency-overflow": (random, { event, catalogue }) => ({
    line: recommendationLine(event, "200", distinctMovies(random, catalogue, MAX_ANSWER_ITEMS).join(", "), drawItem(random, OVERFLOWING_LATENCIES)),
    expect: "latency_out_of_range",
  }),
  "too-many-items": (random, { event, catalogue }) => ({
    line: recommendationLine(event, "200", distinctMovies(random, catalogue, drawItem(random, [MAX_ANSWER_ITEMS + 1, 50])).join(", "), "12"),
    expect: "too_many_items",
  }),
  "duplicate-items": (random, { event, catalogue }) => {
    const items = distinctMovies(random, catalogue, drawInt(random, 1, MAX_ANSWER_ITEMS - 1));
    items.splice(drawInt(random, 0, items.length), 0, drawItem(random, items));
    return { line: recommendationLine(event, "200", items.join(", "), "12"), expect: "duplicate_items" };
  },
  "far-future-time": (random, { line }) => ({
    line: `${drawItem(random, FUTURE_TIMES)},${LONE_FUTURE_USER_ID},${requestOf(line)}`,
    expect: "future_time",
  }),
  "far-past-time": (random, { event, line }) => ({
    line: `${drawItem(random, PAST_TIMES)},${event.userId},${requestOf(line)}`,
    expect: "past_time",
  }),
  "time-overflow": (random, { event, line }) => ({
    line: `${drawItem(random, OVERFLOWING_TIMES)},${event.userId},${requestOf(line)}`,
    expect: "bad_timestamp",
  }),
  "user-id-overflow": (random, { event, line }) => ({
    line: `${formatLogTime(event.time)},${drawItem(random, OVERFLOWING_USER_IDS)},${requestOf(line)}`,
    expect: "bad_user_id",
  }),
  "minute-overflow": (random, source) => ({
    line: `${formatLogTime(source.event.time)},${source.event.userId},GET /data/m/${movieOf(random, source)}/${drawItem(random, OVERFLOWING_MINUTES)}.mpg`,
    expect: "bad_minute",
  }),
  "rating-overflow": (random, source) => ({
    line: `${formatLogTime(source.event.time)},${source.event.userId},GET /rate/${movieOf(random, source)}=${drawItem(random, OVERFLOWING_RATINGS)}`,
    expect: "rating_out_of_range",
  }),
  "status-overflow": (random, { event, catalogue }) => ({
    line: recommendationLine(event, drawItem(random, OVERFLOWING_STATUSES), distinctMovies(random, catalogue, MAX_ANSWER_ITEMS).join(", "), "12"),
    expect: "bad_status",
  }),
  "nul-character": (random, { line }) => ({ line: insertAtDrawnPosition(random, line, "\u0000"), expect: "control_character" }),
  "control-character": (random, { line }) => ({
    line: insertAtDrawnPosition(random, line, drawItem(random, OTHER_CONTROL_CHARACTERS)),
    expect: "control_character",
  }),
  "line-at-length-cap": (_random, { event }) => ({ line: longErrorLine(event, MAX_LINE_LENGTH), expect: "event" }),
  "line-over-length-cap": (_random, { event }) => ({ line: longErrorLine(event, MAX_LINE_LENGTH + 1), expect: "line_too_long" }),
} as const satisfies Record<string, MakeHostileLine>;

export type HostileClass = keyof typeof HOSTILE_CLASSES;

/** Every hostile class name, in the order above. */
export const HOSTILE_CLASS_NAMES = Object.keys(HOSTILE_CLASSES) as HostileClass[];

/** A hostile line of a drawn class, riding on `source.event`. */
export function hostileLine(random: Random, source: HostileSource): HostileLine {
  return HOSTILE_CLASSES[drawItem(random, HOSTILE_CLASS_NAMES)](random, source);
}
