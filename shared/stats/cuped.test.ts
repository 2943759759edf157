import { expect, test } from "bun:test";
import { cuped } from "./cuped.ts";

test("cuped() fits θ and the variance reduction of a hand-worked example", () => {
  // x = 1..4 (mean 2.5, Var 5/3); y = 2,4,5,9 (mean 5, Var 26/3); Cov = 11/3.
  // θ = (11/3)/(5/3) = 2.2; adjusted y = y − 2.2(x − 2.5) = 5.3, 5.1, 3.9, 5.7 (Var 0.6);
  // reduction = 1 − 0.6/(26/3) = 1 − 1.8/26 = 0.930769 = corr² = 121/130.
  const r = cuped([2, 4, 5, 9], [1, 2, 3, 4]);
  expect(r.theta).toBeCloseTo(2.2, 12);
  r.adjusted.forEach((v, i) => expect(v).toBeCloseTo([5.3, 5.1, 3.9, 5.7][i], 12));
  expect(r.varianceReduction).toBeCloseTo(121 / 130, 12);
});

test("cuped() leaves outcomes alone when the covariate is constant", () => {
  const r = cuped([1, 2, 3], [7, 7, 7]);
  expect(r.theta).toBe(0);
  expect(r.adjusted).toEqual([1, 2, 3]);
  expect(r.varianceReduction).toBe(0);
});

test("cuped() keeps the mean of the outcomes", () => {
  const r = cuped([3, 1, 4, 1, 5], [2, 7, 1, 8, 2]);
  expect(r.adjusted.reduce((s, v) => s + v, 0) / 5).toBeCloseTo(14 / 5, 12);
});
