import { expect, test } from "bun:test";
import { sampleMoments } from "./sample-moments.ts";
import { tQuantile } from "./t-quantile.ts";
import { welchTTest } from "./welch-t-test.ts";

// Wikipedia, "Welch's t-test", example 1 (published: t = 2.46, df = 25.0, p = 0.021 for A2 vs A1).
const A1 = [
  27.5,
  21.0,
  19.0,
  23.6,
  17.0,
  17.9,
  16.9,
  20.1,
  21.9,
  22.6,
  23.1,
  19.6,
  19.0,
  21.7,
  21.4,
];
const A2 = [
  27.1,
  22.0,
  20.8,
  23.4,
  23.4,
  23.5,
  25.8,
  22.0,
  24.8,
  20.2,
  21.9,
  22.1,
  22.9,
  20.5,
  24.4,
];

test("sampleMoments() gives the mean and unbiased variance of the Wikipedia sample", () => {
  const m = sampleMoments(A1);
  expect(m.n).toBe(15);
  expect(m.mean).toBeCloseTo(20.82, 10); // 312.3 / 15
  expect(m.variance).toBeCloseTo(7.867428571, 8);
  expect(sampleMoments([4]).variance).toBe(0);
});

test("welchTTest() reproduces the published Welch example step by step", () => {
  // Step by step: means 20.8200 and 22.9867; s² 7.86743 and 3.81267; s²/n 0.524495 and 0.254178.
  // SE = sqrt(0.778673) = 0.882425; t = 2.16667 / 0.882425 = 2.45536.
  // df = 0.778673² / (0.524495²/14 + 0.254178²/14) = 0.606332 / 0.0242645 = 24.9885.
  // scipy.stats.ttest_ind(A2, A1, equal_var=False) (scipy 1.17.1) independently gives
  // t = 2.455356, df = 24.98853, p = 0.021378, 95% CI [0.349237, 3.984096].
  const r = welchTTest(sampleMoments(A1), sampleMoments(A2))!;
  expect(r.difference).toBeCloseTo(2.166667, 5);
  expect(r.standardError).toBeCloseTo(0.882425, 5);
  expect(r.t).toBeCloseTo(2.455356, 5);
  expect(r.df).toBeCloseTo(24.98853, 4);
  expect(r.pValue).toBeCloseTo(0.021378, 5);
  expect(r.ci[0]).toBeCloseTo(0.349237, 5);
  expect(r.ci[1]).toBeCloseTo(3.984096, 5);
});

test("welchTTest() flips the sign, not the p-value, when the arms swap", () => {
  const ab = welchTTest(sampleMoments(A1), sampleMoments(A2))!;
  const ba = welchTTest(sampleMoments(A2), sampleMoments(A1))!;
  expect(ba.t).toBeCloseTo(-ab.t, 12);
  expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
});

test("welchTTest() returns null without two values per arm or without spread", () => {
  expect(welchTTest(sampleMoments([1]), sampleMoments([1, 2, 3]))).toBeNull();
  expect(welchTTest(sampleMoments([2, 2]), sampleMoments([2, 2]))).toBeNull();
});

test("tQuantile() matches printed t-table values", () => {
  // Standard t tables: t(0.975; 10) = 2.228, t(0.995; 5) = 4.032, t(0.975; 1) = 12.706.
  expect(tQuantile(0.975, 10)).toBeCloseTo(2.228139, 5);
  expect(tQuantile(0.995, 5)).toBeCloseTo(4.032143, 5);
  expect(tQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
  expect(tQuantile(0.025, 10)).toBeCloseTo(-2.228139, 5);
  expect(() => tQuantile(1, 10)).toThrow("0 < p < 1");
});
