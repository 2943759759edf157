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

const preference = (preferA: number, preferB: number, lower: number, upper: number, verdict: "A preferred" | "B preferred" | "inconclusive") => ({
  variant: "b",
  pools: { a: "stable", b: "canary" },
  sequence: { share: preferB / (preferA + preferB), lower, upper, pValue: verdict === "inconclusive" ? 0.5 : 0.001, verdict },
  counts: { preferA, preferB, ties: 4, noCredit: 9 },
  moreUsers: verdict === "inconclusive" ? 120 : 0,
});

test("decideConclusion() of an interleaving experiment gives the preference verdict, naming the pools", () => {
  const srm = srmCheck([100, 100], [1, 1]);
  // A better primary metric does not decide an interleaving experiment: the preference does.
  const better = [comparison({ effect: "better", sequenceBetter: true, sequenceHolmPValue: 0.001 })];
  expect(decideConclusion(srm, better, { ...settings, preference: preference(70, 30, 0.2, 0.42, "A preferred") })).toEqual({
    verdict: "A preferred",
    reason: "users shown stable (A) and canary (B) interleaved in b prefer stable over canary (share preferring canary 30%, " +
      "always-valid interval [20%, 42%], p = 0.001, alpha 0.05; 100 users with a preference; 4 ties and 9 without credit " +
      "besides); confirm long-term effects with an A/B test",
    treatment: "b",
  });
  const open = decideConclusion(srm, better, { ...settings, preference: preference(48, 52, 0.4, 0.62, "inconclusive") });
  expect(open.verdict).toBe("no detectable difference");
  expect(open.reason).toStartWith(
    "no preference between stable (A) and canary (B) shown yet: the interval still includes 50%; about 120 more final users",
  );
});

test("decideConclusion() of an interleaving experiment puts SRM and a harmed guardrail before the preference", () => {
  const harmed = [comparison({ metric: "latency_ms", role: "guardrail", effect: "worse", margin: 0.05, sequence: sequence(0.1, 0.2) })];
  const preferred = { ...settings, preference: preference(30, 70, 0.6, 0.8, "B preferred") };
  expect(decideConclusion(srmCheck([100, 100], [1, 1]), harmed, preferred).verdict).toBe("stop: guardrail harmed");
  expect(decideConclusion(srmCheck([300, 100], [1, 1]), harmed, preferred).verdict).toBe("check assignment: SRM");
  expect(decideConclusion(srmCheck([100, 100], [1, 1]), [], preferred).verdict).toBe("B preferred");
});
