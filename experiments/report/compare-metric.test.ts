import { expect, test } from "bun:test";
import { mixturePrecision } from "../../shared/stats/mixture-half-width.ts";
import { sampleMoments } from "../../shared/stats/sample-moments.ts";
import { welchTTest } from "../../shared/stats/welch-t-test.ts";
import { compareMetric } from "./compare-metric.ts";
import type { UserRow } from "./experiment-report-input.ts";
import { metricDefinition } from "./metric-definitions.ts";

const user = (
  variant: string,
  requests: number,
  conversions: number,
  preConversion: number,
): UserRow => ({
  userId: `${variant}-${requests}-${conversions}-${preConversion}`,
  variant,
  exposures: requests,
  requests,
  conversions,
  watchMinutes: 0,
  ratingSum: 0,
  ratingCount: 0,
  latencyMsMean: null,
  preConversion,
  preWatchMinutes: 0,
  firstExposureAt: 0,
});
const settings = {
  alpha: 0.05,
  rho2: mixturePrecision(0.05, 100),
  sequenceAlpha: 0.05,
  targetLift: 0.05,
  targetPower: 0.8,
};

test("compareMetric() tests per-user conversion and leaves out users without requests", () => {
  const control = [
    user("c", 4, 1, 0.2),
    user("c", 2, 1, 0.4),
    user("c", 5, 0, 0.1),
    user("c", 0, 0, 0.3),
  ];
  const treated = [user("t", 4, 2, 0.3), user("t", 2, 2, 0.5), user("t", 5, 1, 0.1)];
  const c = compareMetric(metricDefinition("conversion"), "t", control, treated, settings);
  // Control per-user rates 0.25, 0.5, 0 (the zero-request user has none); treatment 0.5, 1, 0.2.
  const expected = welchTTest(sampleMoments([0.25, 0.5, 0]), sampleMoments([0.5, 1, 0.2]))!;
  expect(c.control.n).toBe(3);
  expect(c.difference).toBeCloseTo(0.316667, 6);
  expect(c.pValue).toBeCloseTo(expected.pValue, 12);
  expect(c.lift).toBeCloseTo(0.566667 / 0.25 - 1, 5);
  expect(c.cuped).not.toBeNull();
});

test("compareMetric() has no estimate, CUPED or interval when an arm has one user", () => {
  const c = compareMetric(metricDefinition("conversion"), "t", [user("c", 2, 1, 0.2)], [
    user("t", 2, 1, 0.2),
    user("t", 3, 1, 0.1),
  ], settings);
  expect([c.pValue, c.ci, c.sequence, c.cuped, c.power, c.mde]).toEqual([
    null,
    null,
    null,
    null,
    null,
    null,
  ]);
});
