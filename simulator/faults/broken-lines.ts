/**
 * Lines the platform must reject, each with the reason the parser gives:
 * malformed lines of known kinds, lines cut short inside their request, and
 * lines in a drifted schema (an extra field, a renamed kind).
 */
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { formatLogTime } from "../../shared/movielog/parse-time.ts";
import type { RejectionReason } from "../../shared/movielog/rejection.ts";
import type { Random } from "../../shared/random/mulberry32.ts";
import { drawItem } from "../world/random-draws.ts";

/** A line meant to be rejected, with the reason. */
export type BrokenLine = { readonly line: string; readonly expect: RejectionReason };

function movieOf(event: MovielogEvent): string {
  return event.kind === "recommendation" ? event.items[0] ?? "the+night+of+love+1994" : event.movieId;
}

const MALFORMED: readonly ((t: string, u: number, movie: string) => BrokenLine)[] = [
  (t, u, m) => ({ line: `${t},${u},GET /rate/${m}=7`, expect: "rating_out_of_range" }),
  (t, u, m) => ({ line: `${t},${u},GET /rate/${m}=four`, expect: "bad_rating" }),
  (t, u, m) => ({ line: `${t},user${u},GET /data/m/${m}/3.mpg`, expect: "bad_user_id" }),
  (t, u, m) => ({ line: `${t.replace("T", " ")},${u},GET /rate/${m}=4`, expect: "bad_timestamp" }),
  (t, u) => ({ line: `${t},${u},GET /data/m/The Night Of Love/3.mpg`, expect: "bad_movie_id" }),
  (t, u, m) => ({ line: `${t},${u},GET /data/m/${m}/three.mpg`, expect: "bad_minute" }),
  (t, u) => ({ line: `${t},${u},recommendation request recommender:8082, status OK, result: , 5 ms`, expect: "bad_status" }),
  (t, u, m) => ({ line: `${t},${u},recommendation request recommender:8082, status 200, result: ${m}, fast ms`, expect: "bad_latency" }),
  (t, u, m) => ({ line: `${t},${u},GET /rate/${m}=4\u0000`, expect: "control_character" }),
  () => ({ line: "", expect: "empty_line" }),
];

/** A malformed line about the same user, time and movie as `event`. */
export function malformedLine(random: Random, event: MovielogEvent): BrokenLine {
  return drawItem(random, MALFORMED)(formatLogTime(event.time), event.userId, movieOf(event));
}

/** `line` cut short somewhere inside its request (after the time and user id). */
export function truncateLine(random: Random, line: string): BrokenLine {
  const requestAt = line.indexOf(",", line.indexOf(",") + 1) + 1;
  const keep = Math.floor(random() * (line.length - requestAt));
  return { line: line.slice(0, requestAt + keep), expect: "truncated" };
}

/** `line` as a producer with a changed schema writes it: an extra field, or the kind renamed. */
export function driftLine(random: Random, line: string): BrokenLine {
  const requestAt = line.indexOf(",", line.indexOf(",") + 1) + 1;
  const head = line.slice(0, requestAt);
  const request = line.slice(requestAt);
  if (random() < 0.5) return { line: `${head}device=tv,${request}`, expect: "unknown_kind" };
  const renamed = request
    .replace(/^GET \/data\/m\//, "GET /stream/m/")
    .replace(/^GET \/rate\//, "GET /rating/")
    .replace(/^recommendation request /, "recommendation response ");
  return { line: head + renamed, expect: "unknown_kind" };
}
