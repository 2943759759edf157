import { expect, test } from "bun:test";
import { median, nearestRank, rollbackFigures } from "./rollback-figures.ts";

test("rollbackFigures() gives the rate, its Clopper–Pearson interval and requests over rolled-back runs only", () => {
  const runs = [
    ...Array.from({ length: 5 }, (_, i) => ({ rolledBack: true, canaryRequests: 100 * (i + 1) })),
    ...Array.from({ length: 5 }, () => ({ rolledBack: false, canaryRequests: 99_999 })),
  ];
  const figures = rollbackFigures(runs);
  // 5 of 10: [0.18708602844739853, 0.81291397155260147] (mpmath, as in shared/stats/clopper-pearson.test.ts).
  expect(figures).toMatchObject({ runs: 10, rollbacks: 5, rate: 0.5, median_requests: 300, p95_requests: 500 });
  expect(figures.lower95).toBeCloseTo(0.18708602844739853, 12);
  expect(figures.upper95).toBeCloseTo(0.81291397155260147, 12);
});

test("rollbackFigures() without rollbacks has no request figures", () => {
  expect(rollbackFigures([{ rolledBack: false, canaryRequests: 10 }])).toMatchObject({ rollbacks: 0, median_requests: null, p95_requests: null });
});

test("nearestRank() is the smallest value with at least that share at or below it; median() averages the middles", () => {
  const xs = Array.from({ length: 20 }, (_, i) => i + 1);
  expect(nearestRank(xs, 0.95)).toBe(19);
  expect(nearestRank([7], 0.95)).toBe(7);
  expect(nearestRank([], 0.95)).toBeNull();
  expect(median([1, 2, 3, 10])).toBe(2.5);
  expect(median([1, 2, 3])).toBe(2);
});
