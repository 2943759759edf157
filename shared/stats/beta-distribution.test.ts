import { expect, test } from "bun:test";
import { betaCdf, betaQuantile } from "./beta-distribution.ts";

// Reference values: mpmath 1.3 `betainc(a, b, 0, x, regularized=True)` at 50 digits (and
// scipy 1.17 `special.betainc(a, b, x)`, which agrees to 1e-15), with closed forms where one exists.

test("betaCdf() of Beta(2, 5) at 0.3 is P(Bin(6, 0.3) ≥ 2) = 1 − 0.7⁶ − 6·0.3·0.7⁵ = 0.579825", () => {
  expect(betaCdf(0.3, 2, 5)).toBeCloseTo(0.579825, 14);
});

test("betaCdf() of Beta(1, 1000) at 0.001 is 1 − 0.999¹⁰⁰⁰", () => {
  expect(betaCdf(0.001, 1, 1000)).toBeCloseTo(0.632304575229036, 14);
});

test("betaCdf() of the arcsine law Beta(1/2, 1/2) at 1/4 is (2/π)·asin(1/2) = 1/3", () => {
  expect(betaCdf(0.25, 0.5, 0.5)).toBeCloseTo(1 / 3, 14);
});

test("betaCdf() matches mpmath on both sides of the fraction's switch point", () => {
  expect(betaCdf(0.9, 10, 3)).toBeCloseTo(0.889130022255, 14);
  expect(betaCdf(0.2, 50, 200)).toBeCloseTo(0.51262376815131909, 13);
  expect(betaCdf(0.7, 200.5, 80.25)).toBeCloseTo(0.29513527076545463, 13);
});

test("betaCdf() is 0 at or below 0 and 1 at or above 1", () => {
  expect(betaCdf(0, 2, 3)).toBe(0);
  expect(betaCdf(-1, 2, 3)).toBe(0);
  expect(betaCdf(1, 2, 3)).toBe(1);
  expect(betaCdf(7, 2, 3)).toBe(1);
});

test("betaQuantile() inverts betaCdf(): the median of Beta(2, 5) and the 1/3 point of the arcsine law", () => {
  expect(betaCdf(betaQuantile(0.5, 2, 5), 2, 5)).toBeCloseTo(0.5, 14);
  expect(betaQuantile(1 / 3, 0.5, 0.5)).toBeCloseTo(0.25, 13);
  expect(betaQuantile(0, 2, 5)).toBe(0);
  expect(betaQuantile(1, 2, 5)).toBe(1);
});

test("betaCdf() and betaQuantile() refuse shapes and probabilities outside their domain, naming the value", () => {
  expect(() => betaCdf(0.5, 0, 1)).toThrow("current values are a 0, b 1");
  expect(() => betaCdf(0.5, 1, Number.NaN)).toThrow("finite shapes");
  expect(() => betaCdf(Number.NaN, 1, 1)).toThrow("current value is NaN");
  expect(() => betaQuantile(1.5, 1, 1)).toThrow("current value is 1.5");
});
