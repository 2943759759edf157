import { expect, test } from "bun:test";
import { userMoments } from "./user-moments.ts";

test("userMoments() gives the mean and n−1 variance of one value per user", () => {
  // 0, 0.5, 1, 0.5: mean 0.5; squared deviations 0.25 + 0 + 0.25 + 0 = 0.5; / 3
  const m = userMoments([0, 0.5, 1, 0.5]);
  expect(m.users).toBe(4);
  expect(m.mean).toBeCloseTo(0.5, 15);
  expect(m.variance).toBeCloseTo(0.5 / 3, 15);
});

test("userMoments() has variance 0 for fewer than two users", () => {
  expect(userMoments([])).toEqual({ users: 0, mean: 0, variance: 0 });
  expect(userMoments([3])).toEqual({ users: 1, mean: 3, variance: 0 });
});

test("userMoments() stays exact around a large offset", () => {
  const m = userMoments([1e9 + 1, 1e9 + 2, 1e9 + 3]);
  expect(m.mean).toBe(1e9 + 2);
  expect(m.variance).toBeCloseTo(1, 6);
});
