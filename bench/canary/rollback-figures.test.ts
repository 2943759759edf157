import { expect, test } from "bun:test";
import { failedChecks, median, nearestRank, rollbackFigures, testRollback } from "./rollback-figures.ts";

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

test("failedChecks() counts rolled-back runs by check and step; testRollback() leaves out the inconclusive rule", () => {
  const steps = [{ percent: 5 }, { percent: 50 }];
  const runs = [
    { rolledBack: true, failedCheck: "preference", step: 1, canaryRequests: 10 },
    { rolledBack: true, failedCheck: "max_duration", step: 1, canaryRequests: 20 },
    { rolledBack: true, failedCheck: "max_duration", step: 1, canaryRequests: 30 },
    { rolledBack: false, failedCheck: null, step: 1, canaryRequests: 40 },
  ];
  expect(failedChecks(runs, steps)).toEqual({ "preference at 50%": 1, "max_duration at 50%": 2 });
  expect(runs.map(testRollback).map((r) => r.rolledBack)).toEqual([true, false, false, false]);
  expect(rollbackFigures(runs.map(testRollback))).toMatchObject({ runs: 4, rollbacks: 1, median_requests: 10 });
});
