import { expect, test } from "bun:test";
import { estimateVariance, meanArm, ratioArm } from "./linearized-arm.ts";

// Reference values from numpy 2.4 / scipy 1.17, by the textbook delta-method form
// Var(R̂) = (Var(a) − 2R·Cov(a, b) + R²·Var(b)) / (n·b̄²), not by influences:
//   control a = [1, 1, 0], b = [4, 2, 5] → R = 0.18181818181818182
//   treated a = [2, 2, 1], b = [4, 2, 5] → R = 0.45454545454545453
//   Var(R̂c) + Var(R̂t) = 0.05143091318898982
test("ratioArm() is sum over sum with the delta-method variance", () => {
  const c = ratioArm([1, 1, 0], [4, 2, 5]);
  const t = ratioArm([2, 2, 1], [4, 2, 5]);
  expect(c.estimate).toBeCloseTo(0.18181818181818182, 14);
  expect(t.estimate).toBeCloseTo(0.45454545454545453, 14);
  expect(estimateVariance(c) + estimateVariance(t)).toBeCloseTo(0.05143091318898982, 14);
  // Not the mean of per-user ratios (0.25, 0.5, 0 → 0.25).
  expect(c.estimate).not.toBeCloseTo(0.25, 3);
});

test("meanArm() is the mean with variance s²/n, and an arm without denominators has no estimate", () => {
  const arm = meanArm([1, 2, 3, 4]);
  expect(arm.estimate).toBe(2.5);
  expect(estimateVariance(arm)).toBeCloseTo(1.6666666666666667 / 4, 14);
  expect(ratioArm([0, 0], [0, 0]).estimate).toBeNaN();
  expect(() => ratioArm([1], [1, 2])).toThrow(RangeError);
});
