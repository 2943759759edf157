import { expect, test } from "bun:test";
import { gaussian } from "../random/gaussian.ts";
import { mulberry32 } from "../random/mulberry32.ts";
import { mixtureHalfWidth, mixturePrecision, plannedInformation } from "./mixture-half-width.ts";

test("plannedInformation() matches the textbook sample size for alpha 0.05 and power 0.8", () => {
  // (1.959964 + 0.841621)² / 0.1² = 784.89
  expect(plannedInformation(0.05, 0.8, 0.1)).toBeCloseTo(784.89, 1);
});

test("mixtureHalfWidth() equals the hand-computed boundary and is wider than a fixed-sample interval", () => {
  // alpha 0.05: a = 5.9915, ρ²·v* = a + ln(a + 1) = 7.9362; at v = v* = 100:
  // sqrt(2 · 8.9362 / (100 · 7.9362) · ln(sqrt(8.9362) / 0.05)) = sqrt(0.022520 · 4.0910) = 0.30353
  const rho2 = mixturePrecision(0.05, 100);
  expect(rho2 * 100).toBeCloseTo(7.9362, 3);
  const w = mixtureHalfWidth(0.05, rho2, 100);
  expect(w).toBeCloseTo(0.30353, 4);
  expect(w).toBeGreaterThan(1.96 / Math.sqrt(100));
});

test("mixtureHalfWidth() is infinite without information and shrinks as information grows", () => {
  const rho2 = mixturePrecision(0.05, 100);
  expect(mixtureHalfWidth(0.05, rho2, 0)).toBe(Infinity);
  expect(mixtureHalfWidth(0.05, rho2, Infinity)).toBe(0);
  expect(mixtureHalfWidth(0.05, rho2, 400)).toBeLessThan(mixtureHalfWidth(0.05, rho2, 100));
});

test("mixtureHalfWidth() covers a running Gaussian mean at every look in at least 95% of seeded runs", () => {
  const random = mulberry32(2024);
  const rho2 = mixturePrecision(0.05, 200);
  let misses = 0;
  const runs = 400;
  for (let r = 0; r < runs; r++) {
    let sum = 0;
    for (let n = 1; n <= 2_000; n++) {
      sum += gaussian(random);
      if (Math.abs(sum / n) > mixtureHalfWidth(0.05, rho2, n)) {
        misses++;
        break;
      }
    }
  }
  expect(misses / runs).toBeLessThanOrEqual(0.05);
});
