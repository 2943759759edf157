import { expect, test } from "bun:test";
import { betaQuantile } from "./beta-distribution.ts";
import { clopperPearson } from "./clopper-pearson.ts";

// Reference values: the beta-quantile definition (lower = B⁻¹(α/2; x, n−x+1), upper =
// B⁻¹(1−α/2; x+1, n−x)) solved at 50 digits with mpmath 1.3 (`betainc`, bisection), which
// scipy 1.17 `binomtest(x, n).proportion_ci(method="exact")` matches to 1e-11. R's
// documentation of binom.test prints 0.7076683 0.7654066 for 682 of 925, as below.
const cases: readonly [x: number, n: number, level: number, lower: number, upper: number][] = [
  [0, 10, 0.95, 0, 0.30849710781876082],
  [1, 10, 0.95, 0.0025285785444617845, 0.44501611702819542],
  [5, 10, 0.95, 0.18708602844739853, 0.81291397155260147],
  [10, 10, 0.95, 0.69150289218123918, 1],
  [682, 925, 0.95, 0.70766826407903902, 0.76540655824152525],
  [23, 100, 0.95, 0.15173161130104751, 0.32485873277510308],
  [7, 1000, 0.95, 0.0028188587596205257, 0.014369194978918633],
  [0, 1000, 0.95, 0, 0.0036820838968656721],
  [1, 1, 0.95, 0.025, 1],
  [50, 200, 0.95, 0.1916071696225865, 0.31596283332986903],
  [3, 200, 0.95, 0.0031041076215535096, 0.04320828191771261],
  [999, 1000, 0.95, 0.99444107572017333, 0.99997468251250871],
  [5, 10, 0.9, 0.22244110100812908, 0.77755889899187092],
  [23, 100, 0.9, 0.16259087137648629, 0.30983361699732904],
];

for (const [x, n, level, lower, upper] of cases) {
  test(`clopperPearson(${x}, ${n}, ${level}) is [${lower}, ${upper}]`, () => {
    const interval = clopperPearson(x, n, level);
    expect(Math.abs(interval.lower - lower)).toBeLessThanOrEqual(1e-13 + 1e-11 * lower);
    expect(Math.abs(interval.upper - upper)).toBeLessThanOrEqual(1e-13 + 1e-11 * upper);
  });
}

test("clopperPearson()'s closed forms for 0 or n successes agree with the beta quantiles they replace", () => {
  expect(clopperPearson(0, 40).upper).toBeCloseTo(betaQuantile(0.975, 1, 40), 14);
  expect(clopperPearson(40, 40).lower).toBeCloseTo(betaQuantile(0.025, 40, 1), 14);
  expect(clopperPearson(0, 1).upper).toBe(0.975);
});

test("clopperPearson() defaults to 95% and knows nothing without trials", () => {
  expect(clopperPearson(5, 10)).toEqual(clopperPearson(5, 10, 0.95));
  expect(clopperPearson(0, 0)).toEqual({ lower: 0, upper: 1 });
});

test("clopperPearson() refuses impossible counts and levels, naming the value", () => {
  expect(() => clopperPearson(11, 10)).toThrow("from 0 to 10: current value is 11");
  expect(() => clopperPearson(1.5, 10)).toThrow("current value is 1.5");
  expect(() => clopperPearson(1, -1)).toThrow("trials ≥ 0: current value is -1");
  expect(() => clopperPearson(1, 10, 1)).toThrow("level in (0, 1): current value is 1");
});
