import { expect, test } from "bun:test";
import { mulberry32 } from "../../../shared/random/mulberry32.ts";
import { drawRate } from "./draw-beta.ts";

test("drawRate() has the asked mean and the Beta variance p(1 − p)/(κ + 1), shapes below 1 included", () => {
  const random = mulberry32(9);
  const n = 100_000;
  // κ = 4, p = 0.05: Beta(0.2, 3.8), mean 0.05, variance 0.0475 / 5 = 0.0095.
  const xs = Array.from({ length: n }, () => drawRate(random, 0.05, 4));
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  expect(Math.abs(mean - 0.05)).toBeLessThan(0.002);
  expect(Math.abs(variance - 0.0095) / 0.0095).toBeLessThan(0.05);
  expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
});

test("drawRate() refuses a mean outside (0, 1)", () => {
  expect(() => drawRate(mulberry32(1), 1, 4)).toThrow("current value is 1");
});
