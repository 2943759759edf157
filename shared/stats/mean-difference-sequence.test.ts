import { expect, test } from "bun:test";
import { gaussian } from "../random/gaussian.ts";
import { mulberry32 } from "../random/mulberry32.ts";
import { meanDifferenceSequence } from "./mean-difference-sequence.ts";
import { mixtureHalfWidth, mixturePrecision } from "./mixture-half-width.ts";
import { sampleMoments } from "./sample-moments.ts";

test("meanDifferenceSequence() scales the hand-computed boundary by the per-user standard deviation", () => {
  // 50 + 50 users of variance 1: per-user variance 100 · (1/50 + 1/50) = 4, sd 2.
  // mixtureHalfWidth(0.05, ρ² tuned at 100, 100) = 0.30353 (hand-computed in its own test) → 0.60706.
  const rho2 = mixturePrecision(0.05, 100);
  const s = meanDifferenceSequence(
    { n: 50, mean: 1, variance: 1 },
    { n: 50, mean: 1.5, variance: 1 },
    0.05,
    rho2,
  )!;
  expect(s.difference).toBeCloseTo(0.5, 12);
  expect(s.upper - s.difference).toBeCloseTo(0.60706, 4);
  expect(s.difference - s.lower).toBeCloseTo(0.60706, 4);
});

test("meanDifferenceSequence() p-value crosses alpha exactly where the interval reaches zero", () => {
  const rho2 = mixturePrecision(0.05, 100);
  const half = 2 * mixtureHalfWidth(0.05, rho2, 100);
  const at = (d: number) =>
    meanDifferenceSequence(
      { n: 50, mean: 0, variance: 1 },
      { n: 50, mean: d, variance: 1 },
      0.05,
      rho2,
    )!;
  expect(at(half).pValue).toBeCloseTo(0.05, 10);
  expect(at(half * 1.01).pValue).toBeLessThan(0.05);
  expect(at(half * 0.99).pValue).toBeGreaterThan(0.05);
  expect(at(0).pValue).toBe(1);
});

test("meanDifferenceSequence() covers a zero difference at every look in at least 95% of seeded A/A runs", () => {
  const random = mulberry32(77);
  const rho2 = mixturePrecision(0.05, 400);
  const runs = 200;
  let misses = 0;
  for (let r = 0; r < runs; r++) {
    const a: number[] = [], b: number[] = [];
    for (let n = 1; n <= 1_000; n++) {
      a.push(gaussian(random));
      b.push(3 * gaussian(random)); // unequal variances, same mean
      if (n % 10 !== 0) continue; // peek every 10 users per arm
      const s = meanDifferenceSequence(sampleMoments(a), sampleMoments(b), 0.05, rho2)!;
      if (s.lower > 0 || s.upper < 0) {
        misses++;
        break;
      }
    }
  }
  expect(misses / runs).toBeLessThanOrEqual(0.05);
});

test("meanDifferenceSequence() returns null with fewer than two users in an arm", () => {
  expect(
    meanDifferenceSequence(
      { n: 1, mean: 0, variance: 0 },
      { n: 5, mean: 0, variance: 1 },
      0.05,
      0.1,
    ),
  ).toBeNull();
});
