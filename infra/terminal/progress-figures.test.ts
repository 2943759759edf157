import { expect, test } from "bun:test";
import { progressFigures } from "./progress-figures.ts";

test("progressFigures() gives the share done, the average rate and the time left at that rate", () => {
  expect(progressFigures(5_000_000, 20_000_000, 50_000)).toEqual({
    done: 5_000_000, total: 20_000_000, ratio: 0.25, elapsed_s: 50, rate_per_s: 100_000, eta_s: 150,
  });
});

test("progressFigures() leaves the time left unknown while nothing is done", () => {
  expect(progressFigures(0, 100, 3000)).toEqual({ done: 0, total: 100, ratio: 0, elapsed_s: 3, rate_per_s: 0, eta_s: null });
});

test("progressFigures() caps the share at 1 and the time left at 0 when a count overshoots its total", () => {
  const figures = progressFigures(120, 100, 10_000);
  expect(figures.ratio).toBe(1);
  expect(figures.eta_s).toBe(0);
});

test("progressFigures() reads a clock that went backwards as no time spent", () => {
  expect(progressFigures(10, 100, -500)).toEqual({ done: 10, total: 100, ratio: 0.1, elapsed_s: 0, rate_per_s: 0, eta_s: null });
});

test("progressFigures() measures the rate from the baseline, leaving out the set-up before the first unit", () => {
  // 20 s of set-up, then 1,000 lines a second for 10 s.
  const figures = progressFigures(15_000, 100_000, 30_000, { done: 5000, elapsedMs: 20_000 });
  expect([figures.rate_per_s, figures.eta_s, figures.elapsed_s]).toEqual([1000, 85, 30]);
});

test("progressFigures() falls back to the average since the start while nothing moved past the baseline", () => {
  expect(progressFigures(5000, 100_000, 20_000, { done: 5000, elapsedMs: 20_000 }).rate_per_s).toBe(250);
});
