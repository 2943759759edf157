import { expect, test } from "bun:test";
import { mixturePrecision } from "../../shared/stats/mixture-half-width.ts";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
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
  answers: 0,
  preConversion,
  preWatchMinutes: 0,
  firstExposureAt: 0,
  windowClosed: true,
});
const settings = {
  alpha: 0.05,
  rho2: mixturePrecision(0.05, 100),
  sequenceAlpha: 0.05,
  plannedUsers: 100,
  targetLift: 0.05,
  targetPower: 0.8,
};

test("compareMetric() compares conversion as sum over sum with the delta method, without users lacking requests", () => {
  const control = [
    user("c", 4, 1, 0.2),
    user("c", 2, 1, 0.4),
    user("c", 5, 0, 0.1),
    user("c", 0, 0, 0.3),
  ];
  const treated = [user("t", 4, 2, 0.3), user("t", 2, 2, 0.5), user("t", 5, 1, 0.1)];
  const c = compareMetric(metricDefinition("conversion"), "t", control, treated, settings);
  // numpy 2.4 / scipy 1.17 with the textbook delta-method covariance (linearized-arm.test.ts):
  // control 2/11, treatment 5/11, difference 0.2727272727272727, two-sided z p 0.22913623766848912,
  // lift 1.5 with delta-method variance 4.126549586776859.
  expect(c.control.n).toBe(3);
  expect(c.difference).toBeCloseTo(0.2727272727272727, 12);
  expect(c.pValue).toBeCloseTo(0.22913623766848912, 10);
  expect(c.df).toBeNull();
  expect(c.lift).toBeCloseTo(1.5, 12);
  const z = normalQuantile(0.975, 0, 1);
  expect(c.liftCi![1] - c.lift!).toBeCloseTo(z * Math.sqrt(4.126549586776859), 10);
  // The mean of per-user ratios would say 0.316667: not what a ratio metric compares.
  expect(c.difference).not.toBeCloseTo(0.316667, 3);
  expect(c.cuped).not.toBeNull();
  expect(c.sequence!.cuped).toBe(true);
});

test("compareMetric() keeps users whose window is still open out of the sequence only", () => {
  const rows = (variant: string, k: number) =>
    Array.from({ length: 20 }, (_, i) => ({ ...user(variant, 2 + (i % 3), i % 2, 0.1 * (i % 4)), userId: `${variant}${i}`, windowClosed: i < k }));
  const c = compareMetric(metricDefinition("conversion"), "t", rows("c", 10), rows("t", 12), settings);
  expect(c.control.n).toBe(20);
  expect(c.sequence!.users).toBe(22);
});

test("compareMetric() has no estimate, CUPED or interval when an arm has one user", () => {
  const c = compareMetric(metricDefinition("conversion"), "t", [user("c", 2, 1, 0.2)], [
    user("t", 2, 1, 0.2),
    user("t", 3, 1, 0.1),
  ], settings);
  expect([c.pValue, c.ci, c.sequence, c.cuped, c.power, c.mde, c.usersNeeded]).toEqual([
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ]);
});
