import { describe, expect, test } from "bun:test";
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { formatLine } from "../../shared/movielog/format-line.ts";
import { MAX_LINE_LENGTH, parseLine } from "../../shared/movielog/parse-line.ts";
import type { RejectionReason } from "../../shared/movielog/rejection.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { DEFAULT_EVENT_TIME_BOUNDS, judgeEventTime } from "../../shared/time/event-time-bounds.ts";
import {
  distinctMovies,
  HOSTILE_CLASS_NAMES,
  HOSTILE_CLASSES,
  hostileLine,
  type HostileSource,
  LONE_FUTURE_USER_ID,
  LONG_ERROR_SERVER,
} from "./hostile-lines.ts";

const T = Date.UTC(2024, 0, 2, 10, 30, 15, 250);
const ITEMS = Array.from({ length: 20 }, (_, i) => `movie+${i}+1999`);
const EVENTS: MovielogEvent[] = [
  { kind: "watch", time: T, userId: 17, movieId: "akira+1988", minute: 42 },
  { kind: "rate", time: T, userId: 2_000_000_000, movieId: "m*a*s*h+1970", rating: 4 },
  { kind: "recommendation", time: T, userId: 5, server: "recommender:8082", status: 200, items: ITEMS, error: null, latencyMs: 31 },
  { kind: "recommendation", time: T, userId: 6, server: "10.0.0.1:8082", status: 0, items: [], error: "java.util.concurrent.TimeoutException", latencyMs: 800 },
];
const CATALOGUES = [[], ["akira+1988", "heat+1995"], Array.from({ length: 300 }, (_, i) => `title+number+${i}+20${i % 25}`)];
const SOURCES: HostileSource[] = EVENTS.flatMap((event) => CATALOGUES.map((catalogue) => ({ event, line: formatLine(event), catalogue })));

/** What ingestion makes of a line: the parser's rejection, else the default time bounds' verdict against `clockMs`. */
function verdictOf(line: string, clockMs: number): "event" | RejectionReason {
  const parsed = parseLine(line);
  if (!parsed.ok) return parsed.rejection.reason;
  const verdict = judgeEventTime(parsed.event.time, DEFAULT_EVENT_TIME_BOUNDS, clockMs);
  return verdict === "ok" ? "event" : verdict;
}

/** Lines of one class: 25 draws on every source. */
function linesOf(name: keyof typeof HOSTILE_CLASSES) {
  const random = mulberry32(11);
  return SOURCES.flatMap((source) => Array.from({ length: 25 }, () => HOSTILE_CLASSES[name](random, source)));
}

describe("hostile lines", () => {
  test.each(HOSTILE_CLASS_NAMES)("HOSTILE_CLASSES[%s] expects what the parser, then the default time bounds, make of its lines", (name) => {
    for (const { line, expect: expected } of linesOf(name)) {
      expect({ line: line.slice(0, 200), verdict: verdictOf(line, T) }).toEqual({ line: line.slice(0, 200), verdict: expected });
      // One record per line in files too (`--to-file`, `--from-file`).
      expect(/[\n\r]/.test(line)).toBe(false);
    }
  });

  test("hostile lines sit at and just over the length cap", () => {
    expect(new Set(linesOf("line-at-length-cap").map((l) => l.line.length))).toEqual(new Set([MAX_LINE_LENGTH]));
    expect(new Set(linesOf("line-over-length-cap").map((l) => l.line.length))).toEqual(new Set([MAX_LINE_LENGTH + 1]));
  });

  test("line-at-length-cap names a server of its own, so ingestion never takes it for a duplicate of its clean line", () => {
    const servers = new Set(linesOf("line-at-length-cap").map((l) => {
      const parsed = parseLine(l.line);
      return parsed.ok && parsed.event.kind === "recommendation" ? parsed.event.server : null;
    }));
    expect([...servers]).toEqual([LONG_ERROR_SERVER]);
    expect(EVENTS.some((e) => e.kind === "recommendation" && e.server === LONG_ERROR_SERVER)).toBe(false);
  });

  test("nul-character puts NUL at the start, in the time, the user id and the request, at the end, and alone", () => {
    const where = new Set<string>();
    for (const { line } of linesOf("nul-character")) {
      const at = line.indexOf("\u0000");
      const userAt = line.indexOf(",") + 1;
      const requestAt = line.indexOf(",", userAt) + 1;
      if (line === "\u0000") where.add("alone");
      else if (at === 0) where.add("start");
      else if (at === line.length - 1) where.add("end");
      else if (at < userAt) where.add("time");
      else if (at < requestAt) where.add("user id");
      else where.add("request");
    }
    expect([...where].sort()).toEqual(["alone", "end", "request", "start", "time", "user id"]);
  });

  test("far-future lines all name one user, whatever user their clean line had", () => {
    const users = new Set(linesOf("far-future-time").map((l) => {
      const parsed = parseLine(l.line);
      return parsed.ok ? parsed.event.userId : -1;
    }));
    expect([...users]).toEqual([LONE_FUTURE_USER_ID]);
  });

  test("hostileLine() draws every class, the same lines for the same seed", () => {
    const draw = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 400 }, (_, i) => hostileLine(random, SOURCES[i % SOURCES.length]));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(4)).not.toEqual(draw(3));
    const reasons = new Set(draw(3).map((l) => l.expect));
    expect(reasons.size).toBe(13);
  });

  test("distinctMovies() takes a run of the catalogue and pads a short one with made-up ids", () => {
    expect(distinctMovies(mulberry32(1), ["a+1", "b+2", "c+3"], 5).slice(3)).toEqual(["hostile+filler+0", "hostile+filler+1"]);
    expect(new Set(distinctMovies(mulberry32(1), ["a+1", "b+2", "c+3"], 5).slice(0, 3))).toEqual(new Set(["a+1", "b+2", "c+3"]));
    const run = distinctMovies(mulberry32(2), CATALOGUES[2], 50);
    expect(new Set(run).size).toBe(50);
    expect(run.every((id) => CATALOGUES[2].includes(id))).toBe(true);
  });
});
