import { describe, expect, test } from "bun:test";
import { mulberry32, type Random } from "../../shared/random/mulberry32.ts";
import { CanaryPolicy, defaultCanaryPolicy } from "../policy/canary-policy.ts";
import type { ArmStats, LatencyHistogram } from "./arm-stats.ts";
import { judgeCanary } from "./judge-canary.ts";
import { latencyBin } from "./latency-histogram.ts";
import { userMoments } from "./user-moments.ts";

const policy = defaultCanaryPolicy();
const LATE = { step: 1, ms: 30 * 60_000 }; // 20% step (guardrails), past its minimum duration
const QUALITY = { step: 2, ms: 30 * 60_000 }; // 50% step, the one that requires quality

function arm(requests: number, users: number, conversion: number, over: Partial<ArmStats> = {}): ArmStats {
  const moments = { users, mean: conversion, variance: conversion * (1 - conversion) };
  return {
    requests, errors: 0, timeouts: 0, fallbacks: 0, latencyMs: { p95: 80, p99: 120 },
    conversion: moments, watch_minutes: { users, mean: 30, variance: 900 }, ...over,
  };
}

describe("judgeCanary", () => {
  test("judgeCanary() rolls back a model that errors on every request within 200 requests at 5%", () => {
    let rolledBackAt = Infinity;
    for (let n = 10; n <= 200 && rolledBackAt === Infinity; n += 10) {
      const stable = arm(19 * n, 19 * n, 0.2, { errors: Math.round(19 * n * 0.002) });
      const canary = arm(n, n, 0, { errors: n });
      if (judgeCanary(policy, stable, canary, { step: 0, ms: n * 1000 }).outcome === "fail") rolledBackAt = n;
    }
    expect(rolledBackAt).toBeLessThanOrEqual(200);
  });

  test("judgeCanary() fails a canary with 3% of requests far above 1.5× stable's p99 plus slack, and not one with 0.5%", () => {
    // Stable: 5,000 requests, 1% of them at 120 ms and the rest at 50 ms. Canary: 2,000 requests, 60 (3%) or 10 (0.5%) at 400 ms.
    const stable = arm(5_000, 2_000, 0.2, { latencyHistogram: histogram([[50, 4_950], [120, 50]]) });
    const slow = arm(2_000, 500, 0.2, { latencyHistogram: histogram([[50, 1_940], [400, 60]]), latencyMs: { p95: 50, p99: 400 } });
    const verdict = judgeCanary(policy, stable, slow, LATE);
    expect(verdict.outcome).toBe("fail");
    expect(verdict.reasons.map((r) => r.check)).toEqual(["latency_p99"]);
    expect(verdict.evidence.latency.p99).toMatchObject({ canary: 400, canaryAbove: 60, canaryRequests: 2_000, failed: true });
    const fine = arm(2_000, 500, 0.2, { latencyHistogram: histogram([[50, 1_990], [400, 10]]) });
    expect(judgeCanary(policy, stable, fine, LATE).evidence.latency.p99).toMatchObject({ canaryAbove: 10, failed: false });
  });

  test("judgeCanary() fails a canary whose users fail 5% more than stable's, and not one 0.5% more, with a 1% tolerance", () => {
    const failing = (users: number, mean: number) => ({ users, mean, variance: mean * (1 - mean), failing: Math.round(users * mean) });
    const stableFailures = { errors: failing(20_000, 0.01), timeouts: failing(20_000, 0), fallbacks: failing(20_000, 0) };
    const stable = arm(40_000, 20_000, 0.3, { userFailures: stableFailures });
    const worse = arm(10_000, 5_000, 0.3, { userFailures: { ...stableFailures, errors: failing(5_000, 0.06) } });
    const verdict = judgeCanary(policy, stable, worse, LATE);
    expect(verdict.outcome).toBe("fail");
    expect(verdict.reasons.map((r) => r.check)).toEqual(["errors"]);
    const within = arm(10_000, 5_000, 0.3, { userFailures: { ...stableFailures, errors: failing(5_000, 0.015) } });
    expect(judgeCanary(policy, stable, within, LATE).outcome).toBe("pass");
  });

  test("judgeCanary() holds a 100% step to the previous step's stable arm, and does not judge guardrails without one", () => {
    const empty = arm(0, 0, 0, { latencyMs: null });
    const previous = arm(20_000, 10_000, 0.3, { errors: 400 }); // 2% per request: over the 1% tolerance above 0
    const canary = arm(2_000, 1_000, 0.3, { errors: 40 });
    const last = { step: 3, ms: 60_000 };
    const verdict = judgeCanary(policy, empty, canary, last, previous);
    expect([verdict.outcome, verdict.evidence.reference]).toEqual(["pass", "previous_step"]);
    expect(verdict.evidence.counts.errors.stableRate).toBeCloseTo(0.02, 12);
    const none = judgeCanary(policy, empty, canary, last);
    expect([none.outcome, none.evidence.reference, none.evidence.counts]).toEqual(["pass", "none", {}]);
  });

  test("judgeCanary() passes a step requiring quality when the lift's lower bound clears −10%", () => {
    const verdict = judgeCanary(policy, arm(40_000, 20_000, 0.3), arm(40_000, 20_000, 0.3), QUALITY);
    expect(verdict.outcome).toBe("pass");
    expect(verdict.evidence.quality.conversion!.lower).toBeGreaterThan(-0.1);
  });

  test("judgeCanary() extends a small, level canary past the maximum duration and rolls it back only after the extensions", () => {
    const stable = arm(1_000, 250, 0.3), canary = arm(1_000, 250, 0.3);
    const max = policy.maxStepDurationMs;
    expect(judgeCanary(policy, stable, canary, QUALITY).outcome).toBe("keep_watching");
    const extended = judgeCanary(policy, stable, canary, { step: 2, ms: max });
    expect([extended.outcome, extended.reasons[0].check]).toEqual(["keep_watching", "extended"]);
    const late = judgeCanary(policy, stable, canary, { step: 2, ms: 6 * max });
    expect([late.outcome, late.reasons[0].check]).toEqual(["fail", "max_duration"]);
    const immediate = CanaryPolicy.parse({ onInconclusive: "rollback" });
    expect(judgeCanary(immediate, stable, canary, { step: 2, ms: max }).outcome).toBe("fail");
    const lenient = CanaryPolicy.parse({ onInconclusive: "promote" });
    expect(judgeCanary(lenient, stable, canary, { step: 2, ms: max }).outcome).toBe("pass");
  });

  test("judgeCanary() passes the guardrail-only 5% step without quality once time and requests suffice", () => {
    const stable = arm(19_000, 5_000, 0.3), canary = arm(1_000, 300, 0.3);
    expect(judgeCanary(policy, stable, canary, { step: 0, ms: 60_000 }).outcome).toBe("keep_watching");
    expect(judgeCanary(policy, stable, canary, { step: 0, ms: 10 * 60_000 }).outcome).toBe("pass");
  });

  test("judgeCanary() does not pass a step while a failure count is over its limit but not yet significant", () => {
    const stable = arm(35, 35, 0.3);
    const canary = arm(15, 15, 0.3, { fallbacks: 3 }); // 20 % vs 0 %, fewer than minFailuresToFail
    const verdict = judgeCanary(CanaryPolicy.parse({ minCanaryRequests: 15 }), stable, canary, { step: 0, ms: 10 * 60_000 });
    expect(verdict.outcome).toBe("keep_watching");
    expect(verdict.reasons.map((r) => r.check)).toEqual(["fallbacks"]);
  });

  test("judgeCanary() does not fail quality on a handful of users who share one outcome, and does once the evidence is there", () => {
    // The evidence is valid from the first user, so no minimum applies: 4 non-converting canary users are simply not enough evidence.
    const few = arm(9, 4, 0, { conversion: { users: 4, mean: 0, variance: 0 } });
    expect(judgeCanary(policy, arm(40, 16, 0.3), few, LATE).outcome).toBe("keep_watching");
    const enough = arm(180, 80, 0, { conversion: { users: 80, mean: 0, variance: 0 } });
    expect(judgeCanary(policy, arm(800, 320, 0.3), enough, LATE).reasons.map((r) => [r.check, r.outcome])).toContainEqual(["conversion", "fail"]);
  });

  test("judgeCanary() stops a step whose canary has far fewer users than its share, with its own reason", () => {
    const stable = arm(40_000, 20_000, 0.3, { telemetryUsers: 20_000 });
    const short = arm(10_000, 5_000, 0.3, { telemetryUsers: 4_000 }); // 16.7 % of users at a 20 % step
    const verdict = judgeCanary(policy, stable, short, LATE);
    expect(verdict.outcome).toBe("fail");
    expect(verdict.reasons[0].check).toBe("sample_ratio");
    expect(verdict.evidence.sampleRatio).toMatchObject({ canaryUsers: 4_000, stableUsers: 20_000, expectedShare: 0.2, mismatch: true });
    const fair = judgeCanary(policy, stable, arm(10_000, 5_000, 0.3, { telemetryUsers: 5_050 }), LATE);
    expect([fair.outcome, fair.evidence.sampleRatio?.mismatch]).toEqual(["pass", false]);
  });

  test("judgeCanary() returns a verdict for empty arms and an out-of-range step instead of throwing", () => {
    const empty = arm(0, 0, 0, { latencyMs: null });
    expect(judgeCanary(policy, empty, empty, { step: 99, ms: 0 }).outcome).toBe("keep_watching");
  });

  test("judgeCanary() falsely rolls back at most 5% of seeded identical arms checked at every interval", () => {
    const random = mulberry32(7);
    const runs = 200;
    let rollbacks = 0;
    for (let r = 0; r < runs; r++) if (runNull(random) === "fail") rollbacks++;
    expect(rollbacks / runs).toBeLessThanOrEqual(0.05);
  }, 30_000);
});

describe("judgeCanary with the interleaved preference test", () => {
  const alongside = CanaryPolicy.parse({ interleave: { share: 0.5, mode: "alongside" } });
  const instead = CanaryPolicy.parse({ interleave: { share: 0.5, mode: "instead" } });
  const level = () => [arm(40_000, 20_000, 0.3), arm(40_000, 20_000, 0.3)] as const;
  // Alongside at 50 % with half the canary interleaved, a third of the users compared on conversion are canary users.
  const levelAlongside = () => [arm(40_000, 20_000, 0.3), arm(20_000, 10_000, 0.3)] as const;
  const prefer = (preferA: number, preferB: number) => ({ preferA, preferB, ties: 10, noCredit: 100 });

  test("judgeCanary() records no preference evidence when the policy does not interleave, whatever is passed", () => {
    const [stable, canary] = level();
    const verdict = judgeCanary(policy, stable, canary, QUALITY, null, prefer(0, 500));
    expect(verdict.evidence.preference).toBeUndefined();
    expect(verdict).toEqual(judgeCanary(policy, stable, canary, QUALITY));
  });

  test("judgeCanary() alongside passes a quality step only when conversion shows no harm and users show no preference for stable", () => {
    const [stable, canary] = levelAlongside();
    const both = judgeCanary(alongside, stable, canary, QUALITY, null, prefer(300, 420));
    expect(both.outcome).toBe("pass");
    expect(both.reasons.map((r) => [r.check, r.outcome])).toEqual([["guardrails", "pass"], ["conversion", "pass"], ["preference", "pass"]]);
    expect(both.evidence.preference).toMatchObject({ mode: "alongside", preferStable: 300, preferCandidate: 420, verdict: "candidate no worse" });
    const undecided = judgeCanary(alongside, stable, canary, QUALITY, null, prefer(30, 31)); // too few users to rule out a 5-point preference for stable
    expect(undecided.outcome).toBe("keep_watching");
    expect(undecided.reasons.map((r) => r.check)).toEqual(["preference"]);
  });

  test("judgeCanary() rolls back once users prefer the stable ranking, with the reason", () => {
    const [stable, canary] = levelAlongside();
    const verdict = judgeCanary(alongside, stable, canary, QUALITY, null, prefer(420, 300));
    expect(verdict.outcome).toBe("fail");
    expect(verdict.reasons.map((r) => r.check)).toEqual(["preference"]);
    expect(verdict.reasons[0].detail).toEndWith("users prefer the stable ranking");
  });

  test("judgeCanary() instead of the conversion comparison judges quality by preference alone", () => {
    const stable = arm(40_000, 20_000, 0.3);
    const worseConversion = arm(40_000, 20_000, 0.2); // would fail the conversion comparison; it is not run
    const verdict = judgeCanary(instead, stable, worseConversion, QUALITY, null, prefer(300, 420));
    expect(verdict.outcome).toBe("pass");
    expect(verdict.evidence.quality).toEqual({});
    expect(verdict.reasons.map((r) => r.check)).toEqual(["guardrails", "preference"]);
    expect(judgeCanary(instead, stable, worseConversion, QUALITY).reasons.map((r) => [r.check, r.outcome])).toEqual([["preference", "keep_watching"]]);
  });

  test("judgeCanary() extends an inconclusive preference and rolls back only after the extensions, as for conversion", () => {
    const [stable, canary] = level();
    const max = instead.maxStepDurationMs;
    const extended = judgeCanary(instead, stable, canary, { step: 2, ms: max }, null, prefer(30, 31));
    expect([extended.outcome, extended.reasons[0].check]).toEqual(["keep_watching", "extended"]);
    const late = judgeCanary(instead, stable, canary, { step: 2, ms: 6 * max }, null, prefer(30, 31));
    expect([late.outcome, late.reasons.map((r) => r.check)]).toEqual(["fail", ["max_duration", "preference"]]);
  });

  test("judgeCanary() alongside compares conversion with the canary's share of the users not interleaved", () => {
    // At 50 % with half the canary interleaved, the conversion arms are the other 25 % of users against the 50 % on stable:
    // a canary share of 1/3. Arms of that ratio are level; read as a 50 % split, the canary's missing users would count as
    // users who did not convert.
    const [stable, canary] = levelAlongside();
    const outcomeOf = (verdict: ReturnType<typeof judgeCanary>) => verdict.reasons.find((r) => r.check === "conversion")?.outcome;
    expect(outcomeOf(judgeCanary(alongside, stable, canary, QUALITY, null, prefer(300, 420)))).toBe("pass");
    expect(outcomeOf(judgeCanary(policy, stable, canary, QUALITY))).toBe("fail");
  });
});

/** A latency histogram of [ms, count] pairs, binned as the SQL and the bench bin them. */
function histogram(values: [number, number][]): LatencyHistogram {
  return values.map(([ms, count]) => [latencyBin(ms), count]);
}

/** Identical arms at 50%: 125 new users in each arm per interval, Bernoulli(0.3) conversions per request. */
function runNull(random: Random): string {
  const canary: number[] = [], stable: number[] = [];
  const user = () => {
    const requests = 1 + Math.floor(random() * 4);
    let converted = 0;
    for (let i = 0; i < requests; i++) if (random() < 0.3) converted++;
    return converted / requests;
  };
  for (let look = 1; look <= 120; look++) {
    for (let i = 0; i < 125; i++) canary.push(user());
    for (let i = 0; i < 125; i++) stable.push(user());
    const summary = (values: number[]): ArmStats => ({
      requests: values.length * 2.5, errors: 0, timeouts: 0, fallbacks: 0, latencyMs: { p95: 80, p99: 120 },
      conversion: userMoments(values), watch_minutes: userMoments(values),
    });
    const verdict = judgeCanary(policy, summary(stable), summary(canary), { step: 2, ms: look * 60_000 });
    if (verdict.outcome !== "keep_watching") return verdict.outcome;
  }
  return "keep_watching";
}
