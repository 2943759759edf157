import { expect, test } from "bun:test";
import { liftSequence } from "./lift-sequence.ts";
import { mixtureHalfWidth, mixturePrecision } from "../../shared/stats/mixture-half-width.ts";

test("liftSequence() uses the delta-method variance of the ratio of two arm means", () => {
  const stable = { users: 400, mean: 0.2, variance: 0.04 };
  const canary = { users: 100, mean: 0.18, variance: 0.036 };
  // ratio 0.9; Var = 0.036/100/0.04 + 0.81·0.04/400/0.04 = 0.009 + 0.002025 = 0.011025
  const rho2 = mixturePrecision(0.05, 500);
  const interval = liftSequence(stable, canary, 0.05, rho2)!;
  expect(interval.lift).toBeCloseTo(-0.1, 12);
  expect(interval.information).toBeCloseTo(1 / 0.011025, 8);
  const half = mixtureHalfWidth(0.05, rho2, 1 / 0.011025);
  expect(interval.lower).toBeCloseTo(-0.1 - half, 12);
  expect(interval.upper).toBeCloseTo(-0.1 + half, 12);
});

test("liftSequence() is null until both arms have two users and stable a positive mean", () => {
  const some = { users: 10, mean: 0.2, variance: 0.01 };
  expect(liftSequence({ users: 1, mean: 0.2, variance: 0 }, some, 0.05, 0.01)).toBeNull();
  expect(liftSequence(some, { users: 0, mean: 0, variance: 0 }, 0.05, 0.01)).toBeNull();
  expect(liftSequence({ users: 10, mean: 0, variance: 0 }, some, 0.05, 0.01)).toBeNull();
});

test("liftSequence() collapses to the point estimate when neither arm varies", () => {
  const interval = liftSequence({ users: 5, mean: 1, variance: 0 }, { users: 5, mean: 1.5, variance: 0 }, 0.05, 0.01)!;
  expect(interval).toEqual({ lift: 0.5, lower: 0.5, upper: 0.5, information: Infinity });
});
