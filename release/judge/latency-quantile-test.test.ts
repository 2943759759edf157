import { expect, test } from "bun:test";
import type { ArmStats, LatencyHistogram } from "./arm-stats.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { latencyBin } from "./latency-histogram.ts";
import { latencyQuantileTest } from "./latency-quantile-test.ts";

const moments = { users: 0, mean: 0, variance: 0 };
const arm = (values: [number, number][]): ArmStats => ({
  requests: values.reduce((n, [, c]) => n + c, 0), errors: 0, timeouts: 0, fallbacks: 0, latencyMs: null,
  latencyHistogram: values.map(([ms, count]) => [latencyBin(ms), count]) as LatencyHistogram,
  conversion: moments, watch_minutes: moments,
});

test("latencyQuantileTest() bounds stable's p99 by an order statistic and counts canary requests above ratio × bound + slack", () => {
  // Stable: 4,950 at 50 ms, 50 at 120 ms. countLowerBound(5000, 0.01, 0.001) = 22 (mpmath), so the bound is
  // the value with 22 above it: the 120 ms bin (306 at 64 bins per log unit), whose upper edge is expm1(307/64).
  const stable = arm([[50, 4_950], [120, 50]]);
  const canary = arm([[50, 1_940], [400, 60]]);
  const e = latencyQuantileTest(stable, canary, { quantile: 0.99, ratio: 1.5, slackMs: 20, alpha: 0.002 })!;
  expect(e.stableBound).toBeCloseTo(120.13129015902297, 9);
  expect(e.limit).toBeCloseTo(200.19693523853445, 9);
  // The 400 ms bin starts at expm1(383/64) = 396.2 ms, above the limit: all 60 count.
  expect([e.canaryAbove, e.canaryRequests]).toEqual([60, 2_000]);
  expect(e.logEvidence).toBeCloseTo(23.498979539061011, 9); // mpmath, as in bernoulli-excess-evidence.test.ts
  expect(e.failed).toBe(true);
});

test("latencyQuantileTest() has nothing to judge before stable can bound its quantile", () => {
  expect(latencyQuantileTest(arm([[50, 100]]), arm([[400, 100]]), { quantile: 0.99, ratio: 1.5, slackMs: 20, alpha: 0.002 })).toBeNull();
  expect(latencyQuantileTest({ ...arm([]), latencyHistogram: undefined }, arm([[400, 100]]), { quantile: 0.99, ratio: 1.5, slackMs: 20, alpha: 0.002 }))
    .toBeNull();
});

test("latencyQuantileTest() with no allowance (ratio 1, no slack) fails at most alpha of seeded identical heavy-tailed arms over 30 looks", () => {
  const random = mulberry32(5);
  // Heavy tail: lognormal body with 1% pauses of Exp(400 ms), the same in both arms.
  const draw = () => {
    const u1 = random() || 1e-12, u2 = random();
    let ms = 40 * Math.exp(0.5 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    if (random() < 0.01) ms += -400 * Math.log(random() || 1e-12);
    return latencyBin(ms);
  };
  let alarms = 0;
  for (let run = 0; run < 200; run++) {
    const stable = new Map<number, number>(), canary = new Map<number, number>();
    for (let look = 1; look <= 30; look++) {
      const add = (m: Map<number, number>, bin: number) => m.set(bin, (m.get(bin) ?? 0) + 1);
      for (let i = 0; i < 400; i++) add(stable, draw());
      for (let i = 0; i < 100; i++) add(canary, draw());
      const toArm = (m: Map<number, number>): ArmStats => ({ ...arm([]), latencyHistogram: [...m.entries()] });
      if (latencyQuantileTest(toArm(stable), toArm(canary), { quantile: 0.99, ratio: 1, slackMs: 0, alpha: 0.05 })?.failed) {
        alarms++;
        break;
      }
    }
  }
  expect(alarms / 200).toBeLessThanOrEqual(0.05);
});
