/**
 * The release's one error budget for a false rollback, split explicitly. A step's
 * window starts where the step before ended, so the steps' tests see disjoint windows;
 * rather than multiply e-values across them, the budget `falseRollbackAlpha` is split
 * evenly over the policy's steps (Bonferroni), and each step's part over its families of
 * tests: the guardrails (five tests, split evenly again), the quality metrics' "worse
 * than stable" side (split over the metrics), the sample-ratio check and, when the policy
 * interleaves, the preference test. By the union bound a canary no worse than stable is
 * then rolled back by any test, at any step, at any number of looks, with probability ≤
 * `falseRollbackAlpha`. An even split over steps is chosen over a weighted one because
 * every step can meet a broken canary first (the 100 % step meets a model that only
 * breaks under full load).
 */
import type { CanaryPolicy } from "../policy/canary-policy.ts";

/** Each family's share of a step's budget: guardrails and quality alike, the sample-ratio check half as much. */
export const STEP_BUDGET_SHARES = { guardrails: 0.4, quality: 0.4, sampleRatio: 0.2 } as const;

/**
 * The shares with the interleaved preference test. Guardrails and the sample-ratio check
 * keep theirs (a broken canary is caught as fast as without interleaving); the preference
 * test takes quality's share: half of it alongside the conversion comparison, all of it
 * instead of it. Each row sums to 1.
 */
export const INTERLEAVED_STEP_BUDGET_SHARES = {
  alongside: { ...STEP_BUDGET_SHARES, quality: STEP_BUDGET_SHARES.quality / 2, preference: STEP_BUDGET_SHARES.quality / 2 },
  instead: { ...STEP_BUDGET_SHARES, quality: 0, preference: STEP_BUDGET_SHARES.quality },
} as const;

/** One step's alphas: each family's total (the family splits it across its own tests); `preference` is 0 without interleaving. */
export type StepBudget = {
  readonly step: number;
  readonly guardrails: number;
  readonly quality: number;
  readonly sampleRatio: number;
  readonly preference: number;
};

/** The budget of every step of `policy`: equal parts of `falseRollbackAlpha`, split by the shares its tests run with. */
export function stepBudget(policy: Pick<CanaryPolicy, "falseRollbackAlpha" | "steps" | "interleave">): StepBudget {
  const step = policy.falseRollbackAlpha / policy.steps.length;
  const shares = policy.interleave ? INTERLEAVED_STEP_BUDGET_SHARES[policy.interleave.mode] : { ...STEP_BUDGET_SHARES, preference: 0 };
  return {
    step,
    guardrails: step * shares.guardrails,
    quality: step * shares.quality,
    sampleRatio: step * shares.sampleRatio,
    preference: step * shares.preference,
  };
}
