import { expect, test } from "bun:test";
import { mixtureHalfWidth } from "../../shared/stats/mixture-half-width.ts";
import { failureExcessTest, logMixtureEvidence, userFailuresOf } from "./failure-excess-test.ts";

// rho2 = mixturePrecision(0.002, plannedInformation(0.002, 0.8, 0.05)), computed with scipy's norm.ppf.
const RHO2 = 0.0024300067610355408;

test("failureExcessTest() bounds canary − reference with the mixture half-width, the canary's variance at least the reference's", () => {
  const reference = { users: 20_000, mean: 0.01, variance: 0.0099, failing: 200 };
  const canary = { users: 5_000, mean: 0.06, variance: 0.0564, failing: 300 };
  const e = failureExcessTest(reference, canary, 0.01, 0.002, RHO2);
  // scipy/math reference: v = 1 / (0.0564/5000 + 0.0099/20000); half = sqrt(2g/(v²ρ²)·ln(√g/α)), g = vρ² + 1.
  expect(e.lowerExcess).toBeCloseTo(0.03550236674017962, 12);
  expect(e.exceeds).toBe(true);
  expect(e.canaryFailingUsers).toBe(300);
  const small = failureExcessTest(reference, { users: 50, mean: 0.02, variance: 0, failing: 1 }, 0.01, 0.002, RHO2);
  expect(small.lowerExcess).toBeCloseTo(0.01 - mixtureHalfWidth(0.002, RHO2, 1 / (0.0099 / 50 + 0.0099 / 20_000)), 12);
  expect(small.exceeds).toBe(false);
});

test("failureExcessTest() does not fail a canary inside the tolerance however large the sample", () => {
  const reference = { users: 1_000_000, mean: 0.01, variance: 0.0099, failing: 10_000 };
  const canary = { users: 1_000_000, mean: 0.0195, variance: 0.0191, failing: 19_500 };
  expect(failureExcessTest(reference, canary, 0.01, 0.002, RHO2).exceeds).toBe(false);
});

// Reference: mpmath quadrature of ∫ exp(λS − λ²V/2) N(λ; 0, ρ²) dλ with S = v·d, V = v.
test("logMixtureEvidence() is the log of the normal-mixture martingale", () => {
  expect(logMixtureEvidence(0.02, 50_000, 0.001)).toBeCloseTo(7.8380087522652881, 10);
  expect(logMixtureEvidence(0, 50_000, 0.001)).toBeCloseTo(-0.5 * Math.log(51), 12);
});

test("logMixtureEvidence() reaches log(1/alpha) exactly at mixtureHalfWidth", () => {
  const half = mixtureHalfWidth(0.002, RHO2, 4_000);
  expect(logMixtureEvidence(half, 4_000, RHO2)).toBeCloseTo(Math.log(1 / 0.002), 10);
});

test("userFailuresOf() reads each request as its own user when per-user figures are absent", () => {
  expect(userFailuresOf(undefined, 3, 10)).toEqual({ users: 10, mean: 0.3, variance: (3 * 7) / 90, failing: 3 });
  expect(userFailuresOf(undefined, 0, 0)).toEqual({ users: 0, mean: 0, variance: 0, failing: 0 });
  const perUser = { users: 4, mean: 0.25, variance: 0.25, failing: 1 };
  expect(userFailuresOf(perUser, 3, 10)).toBe(perUser);
});
