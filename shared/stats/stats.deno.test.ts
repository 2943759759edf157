// The same reference values under Deno: shared/ is runtime-neutral, and the router may use these.
import assert from "node:assert/strict";
import { holmBonferroni } from "./holm-bonferroni.ts";
import { meanDifferenceSequence } from "./mean-difference-sequence.ts";
import { mixturePrecision } from "./mixture-half-width.ts";
import { srmCheck } from "./srm-check.ts";
import { sampleMoments } from "./sample-moments.ts";
import { welchTTest } from "./welch-t-test.ts";

const near = (actual: number, expected: number, tolerance: number) =>
  assert.ok(
    Math.abs(actual - expected) < tolerance,
    `${actual} is not within ${tolerance} of ${expected}`,
  );

Deno.test("welchTTest() reproduces the Wikipedia Welch example under Deno", () => {
  const a = [
    27.5,
    21.0,
    19.0,
    23.6,
    17.0,
    17.9,
    16.9,
    20.1,
    21.9,
    22.6,
    23.1,
    19.6,
    19.0,
    21.7,
    21.4,
  ];
  const b = [
    27.1,
    22.0,
    20.8,
    23.4,
    23.4,
    23.5,
    25.8,
    22.0,
    24.8,
    20.2,
    21.9,
    22.1,
    22.9,
    20.5,
    24.4,
  ];
  const r = welchTTest(sampleMoments(a), sampleMoments(b));
  assert.ok(r !== null);
  near(r.t, 2.455356, 1e-5);
  near(r.df, 24.98853, 1e-4);
  near(r.pValue, 0.021378, 1e-5);
  near(r.ci[0], 0.349237, 1e-5);
});

Deno.test("srmCheck() gives p = exp(−7.5) for chi-square 15 on two df under Deno", () => {
  near(srmCheck([1100, 950, 950], [1, 1, 1]).pValue, Math.exp(-7.5), 1e-9);
});

Deno.test("holmBonferroni() and meanDifferenceSequence() agree with their hand-worked values under Deno", () => {
  assert.deepEqual(holmBonferroni([0.01, 0.04, 0.03, 0.005]).map((p) => Number(p.toFixed(12))), [
    0.03,
    0.06,
    0.06,
    0.02,
  ]);
  const s = meanDifferenceSequence(
    { n: 50, mean: 0, variance: 1 },
    { n: 50, mean: 0.5, variance: 1 },
    0.05,
    mixturePrecision(0.05, 100),
  );
  assert.ok(s !== null);
  near(s.upper - s.difference, 0.60706, 1e-4);
});

Deno.test("the always-valid and delta-method statistics reproduce their scipy/numpy references under Deno", async () => {
  const { alwaysValidInterval } = await import("./always-valid-interval.ts");
  const { usersToDetect } = await import("./always-valid-power.ts");
  const { cupedDifference } = await import("./cuped-difference.ts");
  const { estimateVariance, meanArm, ratioArm } = await import("./linearized-arm.ts");
  // Values from always-valid-interval.test.ts, always-valid-power.test.ts, linearized-arm.test.ts
  // and cuped-difference.test.ts (numpy 2.4 / scipy 1.17).
  const rho2 = mixturePrecision(0.05, 1000);
  near(alwaysValidInterval(0.9, 9 / 200, 200, 0.05, rho2).upper - 0.9, 0.7135883466153594, 1e-12);
  assert.equal(usersToDetect(0.3, 3, 0.05, rho2, 0.8), 1511);
  const c = ratioArm([1, 1, 0], [4, 2, 5]), t = ratioArm([2, 2, 1], [4, 2, 5]);
  near(estimateVariance(c) + estimateVariance(t), 0.05143091318898982, 1e-14);
  const d = cupedDifference(meanArm([10, 30, 25, 40, 12]), meanArm([20, 45, 33, 50, 18]), {
    control: [8, 20, 22, 35, 10],
    treated: [12, 40, 30, 41, 15],
  });
  near(d.difference, 0.5869335097585269, 1e-10);
});
