import { expect, test } from "bun:test";
import { gini } from "./gini.ts";
import { linearTrend } from "./linear-trend.ts";
import { topShare } from "./top-share.ts";

test("gini() is 0 for equal amounts and for nothing", () => {
  expect(gini([3, 3, 3, 3])).toBe(0);
  expect(gini([])).toBe(0);
  expect(gini([0, 0])).toBe(0);
});

test("gini() of 1, 2, 3, 4 is 0.25 and of one holder among four is 0.75", () => {
  expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
  expect(gini([0, 0, 0, 4])).toBeCloseTo(0.75, 12);
});

test("gini() refuses negative amounts, naming the value", () => {
  expect(() => gini([1, -2])).toThrow("current value is -2");
});

test("topShare() takes at least one amount and rounds the count up", () => {
  expect(topShare([20, 50, 30], 0.01)).toBe(0.5);
  expect(topShare([20, 50, 30], 0.5)).toBe(0.8);
  expect(topShare([], 0.01)).toBe(0);
  expect(topShare(Array.from({ length: 200 }, (_, i) => (i < 2 ? 10 : 1)), 0.01)).toBeCloseTo(20 / 218, 12);
});

test("linearTrend() is the fitted change from the first to the last point", () => {
  expect(linearTrend([0, 1, 2, 3])).toBeCloseTo(3, 12);
  expect(linearTrend([0.5, 0.5, 0.5])).toBe(0);
  expect(linearTrend([1, 0, 1, 0])).toBeCloseTo(-0.6, 12);
  expect(linearTrend([7])).toBe(0);
});
