import { expect, test } from "bun:test";
import { minimumDetectableEffect } from "./minimum-detectable-effect.ts";
import { twoSamplePower } from "./two-sample-power.ts";

// The textbook sample size: n = 2(z.975 + z.8)²σ²/δ² = 2 · 2.801585² / 0.25 = 62.79 → 63 per arm
// detects δ = 0.5σ with 80% power at alpha 0.05.
const arm = { n: 63, mean: 0, variance: 1 };

test("minimumDetectableEffect() at the textbook size is half a standard deviation", () => {
  // 2.801585 · sqrt(2/63) = 2.801585 · 0.178174 = 0.499171
  expect(minimumDetectableEffect(arm, arm, 0.05, 0.8)).toBeCloseTo(0.499171, 5);
});

test("twoSamplePower() at the textbook size detects half a standard deviation 80% of the time", () => {
  // 0.5 / 0.178174 = 2.806243; Φ(2.806243 − 1.959964) = Φ(0.846279) = 0.801302 (scipy norm.cdf); far tail ≈ 1e-9.
  expect(twoSamplePower(arm, arm, 0.5, 0.05)).toBeCloseTo(0.801302, 5);
});

test("twoSamplePower() is alpha at no effect and grows with the effect", () => {
  expect(twoSamplePower(arm, arm, 0, 0.05)).toBeCloseTo(0.05, 12);
  expect(twoSamplePower(arm, arm, 0.8)).toBeGreaterThan(twoSamplePower(arm, arm, 0.5));
});
