import { describe, expect, test } from "bun:test";
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { parseLine } from "../../shared/movielog/parse-line.ts";
import type { RejectionReason } from "../../shared/movielog/rejection.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { DEFAULT_EVENT_TIME_BOUNDS, DEFAULT_TIME_QUORUM, judgeEventTime, quorumClock } from "../../shared/time/event-time-bounds.ts";
import { simulate } from "../engine/simulate.ts";
import { createWorld } from "../world/create-world.ts";
import { FAULT_KINDS, type FaultKind, FaultList } from "./fault-kind.ts";
import { DEFAULT_FAULT_RATES } from "./fault-rates.ts";
import { createLineFaultInjector } from "./line-fault-injector.ts";

const LINE_FAULTS: FaultKind[] = ["malformed", "truncated", "duplicates", "replays", "out-of-order", "schema-drift"];
const HIGH = { malformed: 0.03, truncated: 0.03, duplicates: 0.03, replays: 0.005, outOfOrder: 0.03, schemaDrift: 0.03 };
const world = createWorld(2, { users: 300, movies: 150 });
const base = { world, seed: 5, start: Date.UTC(2024, 0, 2), server: "recommender:8082", requests: 400, ratePerSecond: 0.05, rates: HIGH };
const recommend = (u: number) => world.movies.slice(u % 50, (u % 50) + 20).map((m) => m.profile.id);
// One clean and one faulty run, shared by the tests (runs are deterministic).
const cleanRun = simulate({ ...base, recommend });
const faultyRun = simulate({ ...base, faults: new Set(LINE_FAULTS), recommend });
const hostileRun = simulate({ ...base, faults: new Set(["hostile"]), rates: { hostile: 0.05 }, recommend });

/** What ingestion makes of a line: the parser's rejection, else the default time bounds' verdict against `clockMs`. */
function verdictOf(line: string, clockMs: number): "event" | RejectionReason {
  const parsed = parseLine(line);
  if (!parsed.ok) return parsed.rejection.reason;
  const verdict = judgeEventTime(parsed.event.time, DEFAULT_EVENT_TIME_BOUNDS, clockMs);
  return verdict === "ok" ? "event" : verdict;
}

describe("line faults", () => {
  test("createLineFaultInjector() marks every injected line, and rejected ones with the parser's reason", async () => {
    const { lines } = await faultyRun;
    const seen = new Set<string>();
    for (const l of lines) {
      const parsed = parseLine(l.line);
      if (l.expect === "event") expect(parsed.ok).toBe(true);
      else expect(parsed.ok ? "parsed" : parsed.rejection.reason).toBe(l.expect);
      if (l.fault === null) expect(l.expect).toBe("event");
      else seen.add(l.fault);
    }
    expect([...seen].sort()).toEqual([...LINE_FAULTS].sort());
    const reasons = new Set(lines.filter((l) => l.expect !== "event").map((l) => l.expect));
    for (const r of ["truncated", "unknown_kind", "rating_out_of_range", "bad_user_id", "bad_timestamp", "empty_line"]) expect(reasons.has(r as never)).toBe(true);
  });

  test("createLineFaultInjector() leaves the clean lines as they are without faults", async () => {
    const [clean, faulty] = [await cleanRun, await faultyRun];
    const kept = faulty.lines.filter((l) => l.fault === null).map((l) => l.line);
    const replaced = faulty.lines.filter((l) => l.fault === "truncated" || l.fault === "schema-drift" || l.fault === "out-of-order").length;
    expect(kept.length + replaced).toBe(clean.lines.length);
    const cleanSet = new Set(clean.lines.map((l) => l.line));
    expect(kept.every((l) => cleanSet.has(l))).toBe(true);
    expect(faulty.events).toEqual(clean.events);
  });

  test("createLineFaultInjector() breaks per-user time order only with out-of-order lines", async () => {
    const { lines } = await faultyRun;
    const latest = new Map<number, number>();
    let late = 0;
    for (const l of lines) {
      const parsed = parseLine(l.line);
      if (!parsed.ok || l.fault === "replays") continue;
      const before = latest.get(l.userId) ?? 0;
      if (parsed.event.time < before) {
        expect(l.fault).toBe("out-of-order");
        late++;
      } else latest.set(l.userId, parsed.event.time);
    }
    expect(late).toBeGreaterThan(0);
  });

  test("flush() returns held-back lines at the end of a run", () => {
    const injector = createLineFaultInjector(mulberry32(1), new Set(["out-of-order"]), { ...DEFAULT_FAULT_RATES, outOfOrder: 1 });
    const event: MovielogEvent = { kind: "rate", time: 0, userId: 3, movieId: "akira+1988", rating: 4 };
    expect(injector.push(event)).toEqual([]);
    expect(injector.flush()).toEqual([{ line: "1970-01-01T00:00:00.000,3,GET /rate/akira+1988=4", userId: 3, fault: "out-of-order", expect: "event" }]);
  });

  test("createLineFaultInjector() writes each hostile line just before its clean line, under the same key", async () => {
    const [clean, hostile] = [await cleanRun, await hostileRun];
    expect(hostile.lines.filter((l) => l.fault !== "hostile")).toEqual(clean.lines);
    expect(hostile.events).toEqual(clean.events);
    const at = hostile.lines.flatMap((l, i) => (l.fault === "hostile" ? [i] : []));
    expect(at.length).toBeGreaterThan(100);
    for (const i of at) expect(hostile.lines[i + 1]).toMatchObject({ userId: hostile.lines[i].userId, fault: null, expect: "event" });
  });

  test("createLineFaultInjector() marks hostile lines with what the parser, then the default time bounds, make of them", async () => {
    const { lines, events } = await hostileRun;
    // The stream's own clock: the wall clock of a host ingesting it would be later still.
    const clock = Math.max(...events.map((e) => e.time));
    for (const l of lines) expect({ line: l.line.slice(0, 200), verdict: verdictOf(l.line, clock) }).toEqual({ line: l.line.slice(0, 200), verdict: l.expect });
    expect(new Set(lines.filter((l) => l.fault === "hostile").map((l) => l.expect))).toEqual(new Set([
      "latency_out_of_range", "too_many_items", "duplicate_items", "future_time", "past_time", "bad_timestamp", "bad_user_id",
      "bad_minute", "rating_out_of_range", "bad_status", "control_character", "line_too_long", "event",
    ]));
  });

  test("createLineFaultInjector()'s stored hostile lines share no ingestion key with a clean line or each other", async () => {
    const { lines } = await hostileRun;
    // Ingestion keeps one recommendation per user, time and server (plan-batch.ts).
    const key = (line: string) => {
      const parsed = parseLine(line);
      return parsed.ok && parsed.event.kind === "recommendation" ? `${parsed.event.userId} ${parsed.event.time} ${parsed.event.server}` : null;
    };
    const clean = new Set(lines.filter((l) => l.fault === null).map((l) => key(l.line)));
    const stored = lines.filter((l) => l.fault === "hostile" && l.expect === "event").map((l) => key(l.line));
    expect(stored.length).toBeGreaterThan(5);
    expect(stored.filter((k) => k === null || clean.has(k))).toEqual([]);
    expect(new Set(stored).size).toBe(stored.length);
  });

  test("createLineFaultInjector()'s far-future lines cannot move a batch's quorum clock, even all in one batch", async () => {
    const { lines, events } = await hostileRun;
    const parsed = lines.flatMap((l) => {
      const result = parseLine(l.line);
      return result.ok ? [result.event] : [];
    });
    expect(lines.filter((l) => l.expect === "future_time").length).toBeGreaterThan(5);
    expect(quorumClock(parsed, DEFAULT_TIME_QUORUM)).toBeLessThanOrEqual(Math.max(...events.map((e) => e.time)));
  });

  test("createLineFaultInjector() writes the same hostile lines for the same seed", async () => {
    const again = await simulate({ ...base, faults: new Set(["hostile"]), rates: { hostile: 0.05 }, recommend });
    expect(again.lines).toEqual((await hostileRun).lines);
  });

  test("FaultList parses names, all and none, and rejects unknown names", () => {
    expect([...FaultList.parse("shilling, bursts")]).toEqual(["shilling", "bursts"]);
    expect([...FaultList.parse("all")]).toEqual([...FAULT_KINDS]);
    expect(FaultList.parse("all").has("hostile")).toBe(true);
    expect([...FaultList.parse("none")]).toEqual([]);
    expect(FaultList.safeParse("shilling,typo").success).toBe(false);
  });
});
