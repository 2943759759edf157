import { describe, expect, test } from "bun:test";
import { formatLine } from "../../shared/movielog/format-line.ts";
import { parseLine } from "../../shared/movielog/parse-line.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { oracleList } from "../oracle/oracle-list.ts";
import { createWorld } from "../world/create-world.ts";
import { respondToAnswer } from "./respond-to-answer.ts";
import { timeoutError } from "./router-answer.ts";

const world = createWorld(3, { users: 20, movies: 100 });
const T = Date.UTC(2024, 4, 1, 12, 0, 0);
const base = { world, u: 4, time: T, server: "127.0.0.1:8082", seen: new Set<string>(), feedbackLoop: false };

describe("respondToAnswer", () => {
  test("respondToAnswer() logs a timeout as status 0 with the client's error text", () => {
    const outcome = respondToAnswer({ ...base, random: mulberry32(1), answer: { ok: false, status: 0, error: timeoutError("127.0.0.1:8082"), latencyMs: 801.4 } });
    expect(formatLine(outcome.events[0])).toBe(
      "2024-05-01T12:00:00.000,5,recommendation request 127.0.0.1:8082, status 0, result: java.util.concurrent.TimeoutException: Request timeout to 127.0.0.1:8082 after 800 ms, 801 ms",
    );
    expect(outcome.convertedAt).toBeNull();
  });

  test("respondToAnswer() writes a watch minute by minute after the answer, within the runtime", () => {
    for (let seed = 1; seed < 40; seed++) {
      const outcome = respondToAnswer({ ...base, random: mulberry32(seed), answer: { ok: true, items: oracleList(world, 5, 20), latencyMs: 12 } });
      expect(formatLine(outcome.events[0])).toStartWith("2024-05-01T12:00:00.000,5,recommendation request 127.0.0.1:8082, status 200, result: ");
      const watches = outcome.events.filter((e) => e.kind === "watch");
      if (outcome.watched === null) {
        expect(outcome.events).toHaveLength(1);
        continue;
      }
      const runtime = world.movies[world.movieIndex.get(outcome.watched)!].profile.runtime;
      expect(watches.map((w) => w.kind === "watch" && w.minute)).toEqual(watches.map((_, i) => i));
      expect(watches.length).toBeLessThanOrEqual(runtime);
      const times = outcome.events.map((e) => e.time);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(outcome.busyUntil).toBeGreaterThanOrEqual(times[times.length - 1]);
      for (const e of outcome.events) expect(parseLine(formatLine(e))).toEqual({ ok: true, event: e });
    }
  });

  test("respondToAnswer() makes a feedback-loop user watch the first unseen recommended movie", () => {
    const items = oracleList(world, 5, 5).reverse();
    const outcome = respondToAnswer({ ...base, random: mulberry32(9), feedbackLoop: true, seen: new Set([items[0]]), answer: { ok: true, items, latencyMs: 5 } });
    expect(outcome.convertedAt).toBe(1);
    expect(outcome.watched).toBe(items[1]);
    const failed = respondToAnswer({ ...base, random: mulberry32(9), feedbackLoop: true, answer: { ok: false, status: 500, error: "boom", latencyMs: 5 } });
    expect(failed.events).toHaveLength(1);
  });
});
