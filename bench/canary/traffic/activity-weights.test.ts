import { expect, test } from "bun:test";
import { mulberry32 } from "../../../shared/random/mulberry32.ts";
import { activityWeights, topShare } from "./activity-weights.ts";

test("activityWeights() under Zipf's law gives the busiest 1% of 200,000 users most of the requests", () => {
  // Σ_{k ≤ 2000} 1/k ÷ Σ_{k ≤ 200000} 1/k = 8.1783 / 12.7828 = 0.6398.
  const weights = activityWeights(200_000, { kind: "zipf", exponent: 1 }, mulberry32(1));
  expect(topShare(weights, 0.01)).toBeCloseTo(0.6398, 3);
  expect(topShare(weights, 0.01)).toBeGreaterThan(0.5);
});

test("activityWeights() lognormal with sigma 1 gives the busiest 1% about 9% of requests", () => {
  // For a lognormal the top q share is 1 − Φ(z_{1−q} − σ) = 1 − Φ(2.3263 − 1) = 0.0924.
  const weights = activityWeights(200_000, { kind: "lognormal", sigma: 1 }, mulberry32(1));
  expect(Math.abs(topShare(weights, 0.01) - 0.0924)).toBeLessThan(0.01);
});

test("activityWeights() repeats itself for a seed and refuses an empty population", () => {
  const model = { kind: "lognormal", sigma: 1 } as const;
  expect(activityWeights(5, model, mulberry32(7))).toEqual(activityWeights(5, model, mulberry32(7)));
  expect(() => activityWeights(0, model, mulberry32(7))).toThrow("current value is 0");
});
