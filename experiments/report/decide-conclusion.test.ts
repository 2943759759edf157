import { expect, test } from "bun:test";
import { srmCheck } from "../../shared/stats/srm-check.ts";
import { type AssessedComparison, type ConclusionSettings, decideConclusion } from "./decide-conclusion.ts";

const arm = { n: 100, mean: 1, variance: 1 };
const sequence = (liftLower: number, liftUpper: number) => ({
  users: 200,
  controlValue: 1,
  difference: (liftLower + liftUpper) / 2,
  lower: liftLower,
  upper: liftUpper,
  pValue: 1,
  lift: (liftLower + liftUpper) / 2,
  liftLower,
  liftUpper,
  cuped: false,
  varianceReduction: 0,
  perUserSd: 1,
  liftPerUserSd: 1,
});
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
    sequence: sequence(-0.2, 0.2),
    power: 0.5,
    mde: 0.1,
    mdeRelative: 0.1,
    usersNeeded: 1000,
    role: "primary",
    holmPValue: 1,
    sequenceHolmPValue: 1,
    effect: "none",
    sequenceBetter: false,
    margin: null,
    nonInferior: null,
    ...overrides,
  };
}
const settings: ConclusionSettings = { primary: "conversion", alpha: 0.05, treatments: ["b"], equivalenceMargin: null };
const balanced = srmCheck([500, 500], [1, 1]);
const skewed = srmCheck([600, 400], [1, 1]);
const winner = comparison({
  difference: 0.3,
  lift: 0.3,
  sequence: sequence(0.1, 0.5),
  sequenceHolmPValue: 0.001,
  effect: "better",
  sequenceBetter: true,
});
const guardrail = (liftLower: number, liftUpper: number, effect: AssessedComparison["effect"]) =>
  comparison({
    metric: "latency_ms",
    role: "guardrail",
    sequence: sequence(liftLower, liftUpper),
    sequenceHolmPValue: null,
    effect,
    margin: 0.05,
    nonInferior: liftUpper < 0.05,
  });
const harm = guardrail(0.08, 0.12, "worse");
const safe = guardrail(-0.01, 0.03, "none");

test("decideConclusion() reports SRM before a harmed guardrail or a winner", () => {
  expect(decideConclusion(skewed, [winner, harm], settings).verdict).toBe("check assignment: SRM");
});

test("decideConclusion() stops on a guardrail harmed beyond its margin even when the primary metric wins", () => {
  expect(decideConclusion(balanced, [winner, harm], settings)).toEqual({
    verdict: "stop: guardrail harmed",
    reason: "b is worse on latency_ms by more than its 5% margin (always-valid lift interval [8%, 12%])",
    treatment: "b",
  });
});

test("decideConclusion() treats a primary metric worse in the always-valid sequence as harm", () => {
  const worse = comparison({ difference: -0.3, sequenceHolmPValue: 0.001, effect: "worse" });
  expect(decideConclusion(balanced, [worse], settings).verdict).toBe("stop: guardrail harmed");
});

test("decideConclusion() ships only once every guardrail is shown non-inferior", () => {
  expect(decideConclusion(balanced, [winner, safe], settings).verdict).toBe("ship");
  const unsure = guardrail(-0.02, 0.07, "none");
  const waiting = decideConclusion(balanced, [winner, unsure], settings);
  expect(waiting.verdict).toBe("no detectable difference");
  expect(waiting.reason).toContain("not yet shown non-inferior on latency_ms");
});

test("decideConclusion() ignores a secondary metric that got worse", () => {
  const secondary = comparison({ metric: "watch_minutes", role: "secondary", sequenceHolmPValue: 0.01, effect: "worse" });
  expect(decideConclusion(balanced, [winner, secondary], settings).verdict).toBe("ship");
});

test("decideConclusion() waits while only the single-look test is significant", () => {
  const early = comparison({ difference: 0.3, holmPValue: 0.01, sequenceHolmPValue: 0.2 });
  const c = decideConclusion(balanced, [early], settings);
  expect(c.verdict).toBe("no detectable difference");
  expect(c.reason).toContain("keep collecting");
});

test("decideConclusion() ships the largest lift among several winners", () => {
  const small = { ...winner, treatment: "a", sequence: { ...winner.sequence!, lift: 0.1 } };
  expect(decideConclusion(balanced, [small, winner], { ...settings, treatments: ["a", "b"] }).treatment).toBe("b");
});

test("decideConclusion() is equivalent when every lift interval lies inside ±margin, and not before", () => {
  const tight = comparison({ sequence: sequence(-0.04, 0.06) });
  const withMargin = { ...settings, equivalenceMargin: 0.1 };
  expect(decideConclusion(balanced, [tight], withMargin)).toEqual({
    verdict: "equivalent",
    reason: "no treatment differs from control on conversion by more than ±10% (always-valid lift intervals b [-4%, 6%])",
    treatment: null,
  });
  expect(decideConclusion(balanced, [tight], settings).verdict).toBe("no detectable difference");
  const wide = comparison({ sequence: sequence(-0.04, 0.11) });
  expect(decideConclusion(balanced, [wide], withMargin).verdict).toBe("no detectable difference");
  // Every treatment must be inside: one treatment without a comparison blocks the verdict.
  expect(decideConclusion(balanced, [tight], { ...withMargin, treatments: ["a", "b"] }).verdict).toBe(
    "no detectable difference",
  );
  // Harm outranks equivalence.
  expect(decideConclusion(balanced, [tight, harm], withMargin).verdict).toBe("stop: guardrail harmed");
});
