import { expect, test } from "bun:test";
import { srmCheck } from "../../shared/stats/srm-check.ts";
import { type AssessedComparison, decideConclusion } from "./decide-conclusion.ts";

const arm = { n: 100, mean: 1, variance: 1 };
function comparison(overrides: Partial<AssessedComparison>): AssessedComparison {
  return {
    metric: "conversion",
    treatment: "b",
    control: arm,
    treated: arm,
    difference: 0,
    ci: [-0.1, 0.1],
    t: 0,
    df: 198,
    pValue: 0.5,
    lift: 0,
    liftCi: [-0.1, 0.1],
    cuped: null,
    sequence: { lower: -0.2, upper: 0.2, pValue: 1 },
    power: 0.5,
    mde: 0.1,
    mdeRelative: 0.1,
    role: "primary",
    holmPValue: 1,
    effect: "none",
    sequenceBetter: false,
    ...overrides,
  };
}
const balanced = srmCheck([500, 500], [1, 1]);
const skewed = srmCheck([600, 400], [1, 1]);
const winner = comparison({
  difference: 0.3,
  lift: 0.3,
  holmPValue: 0.001,
  effect: "better",
  sequenceBetter: true,
});
const harm = comparison({
  metric: "latency_ms",
  role: "guardrail",
  difference: 20,
  holmPValue: 0.01,
  effect: "worse",
});

test("decideConclusion() reports SRM before a harmed guardrail or a winner", () => {
  expect(decideConclusion(skewed, [winner, harm], "conversion", 0.05).verdict).toBe(
    "check assignment: SRM",
  );
});

test("decideConclusion() stops on a harmed guardrail even when the primary metric wins", () => {
  const c = decideConclusion(balanced, [winner, harm], "conversion", 0.05);
  expect(c).toEqual({
    verdict: "stop: guardrail harmed",
    reason: "b is significantly worse on latency_ms (Holm-adjusted p = 0.010, alpha 0.05)",
    treatment: "b",
  });
});

test("decideConclusion() treats a significantly worse primary metric as harm", () => {
  const worse = comparison({ difference: -0.3, holmPValue: 0.001, effect: "worse" });
  expect(decideConclusion(balanced, [worse], "conversion", 0.05).verdict).toBe(
    "stop: guardrail harmed",
  );
});

test("decideConclusion() ignores a secondary metric that got worse", () => {
  const secondary = comparison({
    metric: "watch_minutes",
    role: "secondary",
    holmPValue: 0.01,
    effect: "worse",
  });
  expect(decideConclusion(balanced, [winner, secondary], "conversion", 0.05).verdict).toBe("ship");
});

test("decideConclusion() waits while the always-valid interval still includes zero", () => {
  const early = comparison({
    difference: 0.3,
    holmPValue: 0.01,
    effect: "better",
    sequenceBetter: false,
  });
  const c = decideConclusion(balanced, [early], "conversion", 0.05);
  expect(c.verdict).toBe("no detectable difference");
  expect(c.reason).toContain("keep collecting");
});

test("decideConclusion() ships the largest lift among several winners", () => {
  const small = { ...winner, treatment: "a", lift: 0.1 };
  expect(decideConclusion(balanced, [small, winner], "conversion", 0.05).treatment).toBe("b");
});
