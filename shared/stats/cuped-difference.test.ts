import { expect, test } from "bun:test";
import { cupedDifference } from "./cuped-difference.ts";
import { estimateVariance, meanArm } from "./linearized-arm.ts";

const y = { control: [10, 30, 25, 40, 12], treated: [20, 45, 33, 50, 18] };
const x = { control: [8, 20, 22, 35, 10], treated: [12, 40, 30, 41, 15] };

test("cupedDifference() equals the treatment coefficient of the regression y ~ 1 + arm + x", () => {
  // numpy 2.4 lstsq on [1, arm, x]: arm coefficient 0.5869335097585269, x coefficient 1.0712868011908698.
  const d = cupedDifference(meanArm(y.control), meanArm(y.treated), x);
  expect(d.difference).toBeCloseTo(0.5869335097585269, 10);
  expect(d.theta).toBeCloseTo(1.0712868011908698, 10);
  // x explains most of y here, so the adjusted difference is far more precise than the plain one.
  expect(d.varianceReduction).toBeGreaterThan(0.8);
  expect(d.variance).toBeCloseTo(d.control.variance + d.treated.variance, 14);
});

test("cupedDifference() without covariates is the plain difference with the arms' variances", () => {
  const c = meanArm(y.control), t = meanArm(y.treated);
  const d = cupedDifference(c, t, null);
  expect(d.difference).toBeCloseTo(9.8, 12);
  expect(d.variance).toBeCloseTo(estimateVariance(c) + estimateVariance(t), 14);
  expect([d.theta, d.varianceReduction]).toEqual([0, 0]);
  const constant = cupedDifference(c, t, { control: [1, 1, 1, 1, 1], treated: [1, 1, 1, 1, 1] });
  expect(constant.difference).toBeCloseTo(9.8, 12);
  expect(() => cupedDifference(c, t, { control: [1], treated: [1] })).toThrow(RangeError);
});
