/**
 * The release's one error budget for a false rollback, split explicitly. A step's
 * window starts where the step before ended, so the steps' tests see disjoint windows;
 * rather than multiply e-values across them, the budget `falseRollbackAlpha` is split
 * evenly over the policy's steps (Bonferroni), and each step's part over its three
 * families of tests: the guardrails (five tests, split evenly again), the quality
 * metrics' "worse than stable" side (split over the metrics) and the sample-ratio check.
 * By the union bound a canary no worse than stable is then rolled back by any test, at
 * any step, at any number of looks, with probability ≤ `falseRollbackAlpha`. An even
 * split is chosen over a weighted one because every step can meet a broken canary first
 * (the 100 % step meets a model that only breaks under full load).
 */
import type { CanaryPolicy } from "../policy/canary-policy.ts";

/** Each family's share of a step's budget: guardrails and quality alike, the sample-ratio check half as much. */
export const STEP_BUDGET_SHARES = { guardrails: 0.4, quality: 0.4, sampleRatio: 0.2 } as const;

/** One step's alphas: each family's total (the family splits it across its own tests). */
export type StepBudget = { readonly step: number; readonly guardrails: number; readonly quality: number; readonly sampleRatio: number };

/** The budget of every step of `policy`: equal parts of `falseRollbackAlpha`. */
export function stepBudget(policy: Pick<CanaryPolicy, "falseRollbackAlpha" | "steps">): StepBudget {
  const step = policy.falseRollbackAlpha / policy.steps.length;
  return {
    step,
    guardrails: step * STEP_BUDGET_SHARES.guardrails,
    quality: step * STEP_BUDGET_SHARES.quality,
    sampleRatio: step * STEP_BUDGET_SHARES.sampleRatio,
  };
}
