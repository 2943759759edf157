import { expect, test } from "bun:test";
import { createLogger } from "../log/logger.ts";
import { createProgress } from "./progress.ts";
import { createProgressRelay } from "./relay-progress.ts";

/** A logger whose lines are kept, and a clock the test moves. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  let time = 1_000_000;
  return {
    lines,
    log: createLogger("test", (line) => lines.push(JSON.parse(line))),
    now: () => time,
    advance: (ms: number) => (time += ms),
  };
}

test("createProgress() with --json logs an opening line, a line per tenth, and a closing line at the total", () => {
  const c = capture();
  const progress = createProgress({ label: "warm-up", total: 1000, unit: "lines" }, { json: true, log: c.log, now: c.now });
  for (let i = 0; i < 100; i++) {
    c.advance(10);
    progress.tick(10);
  }
  progress.done();
  progress.done(); // a second call writes nothing
  const done = c.lines.map((l) => [l.done, l.finished]);
  expect(done).toEqual([
    [0, false], [100, false], [200, false], [300, false], [400, false], [500, false],
    [600, false], [700, false], [800, false], [900, false], [1000, true],
  ]);
  expect(c.lines.every((l) => l.message === "progress" && l.component === "test" && l.label === "warm-up")).toBe(true);
  expect(c.lines.at(-1)).toMatchObject({ elapsed_s: 1, rate_per_s: 1000, eta_s: 0 });
});

test("createProgress() with --json writes every five seconds on a slow step, with its latest detail", () => {
  const c = capture();
  const progress = createProgress({ label: "training", total: 1_000_000, unit: "iterations" }, { json: true, log: c.log, now: c.now });
  c.advance(4000);
  progress.update(1, { loss: 10 });
  c.advance(1000);
  progress.update(2, { loss: 9 });
  expect(c.lines.map((l) => [l.done, l.detail])).toEqual([[0, undefined], [2, { loss: 9 }]]);
});

test("createProgressRelay() with --json passes a child's lines on as they are, progress lines included", () => {
  const other: string[] = [];
  const relay = createProgressRelay({ json: true, other: (line) => other.push(line) });
  const progressLine = JSON.stringify({ message: "progress", label: "x", unit: "lines", done: 1, total: 10, elapsed_s: 1, finished: false });
  relay.line("[ingest] starting");
  relay.line(progressLine);
  relay.close();
  expect(other).toEqual(["[ingest] starting", progressLine]);
});
