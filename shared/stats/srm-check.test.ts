import { expect, test } from "bun:test";
import { srmCheck } from "./srm-check.ts";

test("srmCheck() on 520/480 against 50/50 gives chi-square 1.6 and p = P(|Z| > sqrt 1.6)", () => {
  // expected 500 each: (20² + 20²) / 500 = 1.6. With one df chi-square is Z², so
  // p = 2·(1 − Φ(1.264911)) = 2·(1 − 0.897048) = 0.205903 (scipy chi2.sf(1.6, 1) = 0.2059032).
  const r = srmCheck([520, 480], [50, 50]);
  expect(r.expected).toEqual([500, 500]);
  expect(r.chiSquare).toBeCloseTo(1.6, 12);
  expect(r.df).toBe(1);
  expect(r.pValue).toBeCloseTo(0.2059032, 6);
  expect(r.mismatch).toBe(false);
});

test("srmCheck() on three equal arms uses df 2, where p = exp(−χ²/2) exactly", () => {
  // expected 1000 each: (100² + 50² + 50²) / 1000 = 15; chi-square(2) is Exp(1/2): p = e^−7.5.
  const r = srmCheck([1100, 950, 950], [1, 1, 1]);
  expect(r.chiSquare).toBeCloseTo(15, 12);
  expect(r.pValue).toBeCloseTo(Math.exp(-7.5), 9);
  expect(r.mismatch).toBe(true); // 5.53e-4 < 0.001
});

test("srmCheck() flags a 60/40 split under 50/50 weights and accepts it under 60/40 weights", () => {
  // 600/400 vs 500/500: χ² = 40, p = 2.54e-10.
  expect(srmCheck([600, 400], [0.5, 0.5]).pValue).toBeCloseTo(2.5396e-10, 13);
  expect(srmCheck([600, 400], [0.5, 0.5]).mismatch).toBe(true);
  expect(srmCheck([600, 400], [3, 2]).chiSquare).toBeCloseTo(0, 12);
  expect(srmCheck([600, 400], [3, 2]).mismatch).toBe(false);
});

test("srmCheck() rejects mismatched lengths", () => {
  expect(() => srmCheck([1, 2], [1])).toThrow("one weight per count");
});
