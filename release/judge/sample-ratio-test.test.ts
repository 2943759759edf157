import { expect, test } from "bun:test";
import { sampleRatioTest } from "./sample-ratio-test.ts";

test("sampleRatioTest() flags a 5 % step whose canary got 8 % of 10,000 users, and not one that got 5.1 %", () => {
  const skewed = sampleRatioTest(9_200, 800, 0.05, 0.00125)!;
  expect(skewed.mismatch).toBe(true);
  expect(skewed.observedShare).toBeCloseTo(0.08, 12);
  expect(skewed.threshold).toBeCloseTo(Math.log(800), 12);
  expect(sampleRatioTest(9_490, 510, 0.05, 0.00125)!.mismatch).toBe(false);
});

test("sampleRatioTest() is not run at 100 % or without recorded user counts", () => {
  expect(sampleRatioTest(0, 5_000, 1, 0.01)).toBeNull();
  expect(sampleRatioTest(undefined, 500, 0.2, 0.01)).toBeNull();
});
