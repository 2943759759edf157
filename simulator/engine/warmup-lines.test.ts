import { describe, expect, test } from "bun:test";
import { parseLine } from "../../shared/movielog/parse-line.ts";
import { createWorld } from "../world/create-world.ts";
import { warmupLines } from "./warmup-lines.ts";

const world = createWorld(4, { users: 300, movies: 150 });
const END = Date.UTC(2024, 5, 1, 0, 0, 0);

describe("warmupLines", () => {
  test("warmupLines() writes the same organic history for the same seed, the newest line at `end`", () => {
    const lines = [...warmupLines({ world, seed: 9, lines: 5000, end: END })];
    const again = [...warmupLines({ world, seed: 9, lines: 5000, end: END })];
    expect(again).toEqual(lines);
    expect(lines).toHaveLength(5000);
    const events = lines.map((l) => {
      const parsed = parseLine(l.line);
      if (!parsed.ok) throw new Error(`unparsable warm-up line: ${l.line}`);
      return parsed.event;
    });
    expect(events.some((e) => e.kind === "recommendation")).toBe(false);
    expect(events.some((e) => e.kind === "rate")).toBe(true);
    const times = events.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[times.length - 1]).toBe(END);
    expect(times[0]).toBeGreaterThan(END - 3 * 5000 * 1000); // about one line per simulated second
  });

  test("warmupLines() ends the stored history at `end` even when far-future hostile lines are among it", () => {
    const lines = [...warmupLines({ world, seed: 9, lines: 3000, end: END, faults: new Set(["hostile"]), rates: { hostile: 0.05 } })];
    expect(lines).toHaveLength(3000);
    expect(lines.filter((l) => l.expect === "future_time").length).toBeGreaterThan(0);
    const stored = lines.filter((l) => l.expect === "event").map((l) => parseLine(l.line)).map((p) => (p.ok ? p.event.time : NaN));
    expect(Math.max(...stored)).toBe(END);
  });
});
