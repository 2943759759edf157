import { describe, expect, test } from "bun:test";
import { parseLine } from "../../shared/movielog/parse-line.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { oracleList } from "../oracle/oracle-list.ts";
import { createWorld } from "../world/create-world.ts";
import { simulate, type SimulateOptions } from "./simulate.ts";

const world = createWorld(21, { users: 400, movies: 200 });
const ids = world.movies.map((m) => m.profile.id);
const START = Date.UTC(2024, 2, 1, 8, 0, 0);
const base = { world, seed: 7, start: START, server: "recommender:8082", requests: 800, ratePerSecond: 0.05 };

function randomRanker(seed: number): SimulateOptions["recommend"] {
  const random = mulberry32(seed);
  // Distinct ids, as the answer contract says: a line repeating one is quarantined.
  return () => {
    const list = new Set<string>();
    while (list.size < 20) list.add(ids[Math.floor(random() * ids.length)]);
    return [...list];
  };
}

describe("simulate", () => {
  test("simulate() is identical for the same seed", async () => {
    const a = await simulate({ ...base, recommend: randomRanker(1) });
    const b = await simulate({ ...base, recommend: randomRanker(1) });
    const c = await simulate({ ...base, seed: 8, recommend: randomRanker(1) });
    expect(a.lines.length).toBeGreaterThan(10_000);
    expect(b.lines.map((l) => l.line).join("\n")).toBe(a.lines.map((l) => l.line).join("\n"));
    expect(c.lines.map((l) => l.line).join("\n")).not.toBe(a.lines.map((l) => l.line).join("\n"));
  });

  test("simulate() writes only lines that parse back to its events, in time order per user", async () => {
    const { lines, events, stats } = await simulate({ ...base, recommend: randomRanker(2) });
    expect(lines).toHaveLength(events.length); // without faults, one line per event
    const lastTime = new Map<number, number>();
    for (const [i, l] of lines.entries()) {
      const parsed = parseLine(l.line);
      expect(parsed).toEqual({ ok: true, event: events[i] });
      expect(l.fault).toBeNull();
      expect(l.userId).toBe(events[i].userId);
      expect(events[i].time).toBeGreaterThanOrEqual(lastTime.get(l.userId) ?? 0);
      lastTime.set(l.userId, events[i].time);
    }
    expect(events.filter((e) => e.kind === "recommendation")).toHaveLength(stats.requests);
    expect(events.some((e) => e.kind === "rate")).toBe(true);
    expect(events[0].time).toBeGreaterThanOrEqual(START);
  });

  test("simulate() logs failed answers as they came and counts them as unconverted", async () => {
    const { events, stats } = await simulate({
      ...base,
      requests: 50,
      recommend: () => ({ ok: false, status: 0, error: "java.util.concurrent.TimeoutException: Request timeout to recommender:8082 after 800 ms", latencyMs: 800 }),
    });
    const requests = events.filter((e) => e.kind === "recommendation");
    expect(requests.every((e) => e.kind === "recommendation" && e.status === 0 && e.latencyMs === 800)).toBe(true);
    expect(stats.conversions).toBe(0);
    expect(stats.answered).toBe(0);
  });

  test("simulate() converts more with the oracle ranking than with random or reversed rankings", async () => {
    const run = (recommend: SimulateOptions["recommend"]) => simulate({ ...base, requests: 1500, recommend });
    const oracle = await run((u) => oracleList(world, u, 20));
    const itemsReversed = await run((u) => oracleList(world, u, 20).reverse());
    const random = await run(randomRanker(3));
    const worstFirst = await run((u) => oracleList(world, u, ids.length).reverse().slice(0, 20));
    const rate = (r: typeof oracle) => r.summary.conversionRate;
    // With ~1,400 answered requests a rate's standard error is under 0.014: these gaps are many of them.
    expect(rate(oracle)).toBeGreaterThan(rate(itemsReversed) + 0.05);
    expect(rate(itemsReversed)).toBeGreaterThan(rate(random) + 0.1);
    expect(rate(random)).toBeGreaterThan(rate(worstFirst));
    expect(oracle.summary.expectedConversion).toBeLessThanOrEqual(oracle.summary.oracleConversion + 1e-9);
    expect(oracle.summary.oracleConversion).toBeGreaterThan(0.3);
    const users = [...oracle.stats.perUser.values()];
    expect(users.reduce((n, u) => n + u.conversions, 0)).toBe(oracle.stats.conversions);
  });
});
