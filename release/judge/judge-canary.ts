/**
 * The canary judge: one pure decision per check interval from the two arms'
 * windows (the caller aggregates telemetry; the clock is the caller's too).
 * The sample ratio first (without it no comparison can be trusted), then guardrails,
 * then quality (the conversion comparison, the interleaved preference test, or both, as
 * the policy says), then the step's minimums and deadline. Every test spends its part of
 * the release's one false-rollback budget (error-budget.ts).
 */
import { type FinalPreferences, NO_PREFERENCES } from "../../measurement/interleaving/preference-tally.ts";
import { type CanaryPolicy, type InterleavePolicy, stepDeadlineMs } from "../policy/canary-policy.ts";
import type { ArmStats } from "./arm-stats.ts";
import type { CanaryOutcome, CanaryReason, CanaryVerdict } from "./canary-verdict.ts";
import { stepBudget } from "./error-budget.ts";
import { judgeGuardrails } from "./judge-guardrails.ts";
import { judgePreference } from "./judge-preference.ts";
import { judgeQuality, type QualityFindings } from "./judge-quality.ts";
import { sampleRatioTest } from "./sample-ratio-test.ts";

/** Where the release is: the step index of `policy.steps` and the time since that step began. */
export type CanaryElapsed = { readonly step: number; readonly ms: number };

/**
 * pass, fail or keep_watching for the current step, with reasons and evidence; never throws.
 * `previousStable` is the stable arm of the step before (previous-stable-arm.ts): the
 * guardrails' reference when this step leaves the stable arm empty. `preferences` are the
 * final interleaved canary users by preference (A: stable, B: candidate) when the policy
 * interleaves; none read counts as none final yet.
 */
export function judgeCanary(
  policy: CanaryPolicy,
  stable: ArmStats,
  canary: ArmStats,
  elapsed: CanaryElapsed,
  previousStable: ArmStats | null = null,
  preferences: FinalPreferences | null = null,
): CanaryVerdict {
  const step = policy.steps[Math.min(Math.max(0, elapsed.step), policy.steps.length - 1)];
  const reference = stable.requests > 0 ? "stable" : previousStable !== null && previousStable.requests > 0 ? "previous_step" : "none";
  const budget = stepBudget(policy);
  const share = step.percent / 100;
  const sampleRatio = sampleRatioTest(stable.telemetryUsers, canary.telemetryUsers, share, budget.sampleRatio);
  const guardrails = judgeGuardrails(policy.guardrails, reference === "stable" ? stable : reference === "previous_step" ? previousStable : null, canary, budget.guardrails);
  const interleave = policy.interleave;
  const quality: QualityFindings = interleave?.mode === "instead"
    ? { reasons: [], intervals: {} }
    : judgeQuality(policy.quality, stable, canary, conversionCanaryShare(share, interleave), budget.quality);
  // The pass side at the quality policy's level, as the conversion comparison's.
  const preference = interleave ? judgePreference(interleave, preferences ?? NO_PREFERENCES, budget.preference, policy.quality.alpha) : null;
  const qualityReasons = preference ? [...quality.reasons, preference.reason] : quality.reasons;
  const evidence = {
    requests: { stable: stable.requests, canary: canary.requests },
    counts: guardrails.counts,
    latency: guardrails.latency,
    quality: quality.intervals,
    sampleRatio,
    ...(preference ? { preference: preference.evidence } : {}),
    reference,
    step: elapsed.step,
    elapsedMs: elapsed.ms,
  } as const;
  const verdict = (outcome: CanaryOutcome, reasons: CanaryReason[]): CanaryVerdict => ({ outcome, reasons, evidence });

  const mismatch: CanaryReason[] = sampleRatio?.mismatch
    ? [{
      check: "sample_ratio",
      outcome: "fail",
      detail: `sample ratio: ${sampleRatio.canaryUsers} of ${sampleRatio.canaryUsers + sampleRatio.stableUsers} users in the canary ` +
        `(${pct(sampleRatio.observedShare)}, expected ${pct(share)}): routing or logging is broken, the arms cannot be compared`,
    }]
    : [];
  const failures = [...mismatch, ...guardrails.failures, ...qualityReasons.filter((r) => r.outcome === "fail")];
  if (failures.length > 0) return verdict("fail", failures);

  const waiting: CanaryReason[] = [...guardrails.unsettled];
  if (canary.requests < policy.minCanaryRequests) {
    waiting.push({ check: "sample", outcome: "keep_watching", detail: `${canary.requests} of ${policy.minCanaryRequests} canary requests` });
  }
  if (elapsed.ms < step.minDurationMs) {
    waiting.push({ check: "duration", outcome: "keep_watching", detail: `${elapsed.ms} of ${step.minDurationMs} ms at ${step.percent}%` });
  }
  // Alongside, quality needs both the conversion comparison and the preference test to pass.
  if (step.requireQuality) waiting.push(...qualityReasons.filter((r) => r.outcome === "keep_watching"));
  if (waiting.length === 0) {
    const passed = step.requireQuality ? qualityReasons : [];
    const held = reference === "none" ? "no reference arm: guardrails not judged" : `no guardrail breached (reference: ${reference.replace("_", " ")})`;
    return verdict("pass", [{ check: "guardrails", outcome: "pass", detail: held }, ...passed]);
  }
  const deadline = stepDeadlineMs(policy);
  if (elapsed.ms >= deadline) {
    // Past every extension: the policy's last word on a step that never concluded.
    const outcome = policy.onInconclusive === "promote" ? "pass" : "fail";
    const detail = `inconclusive after ${deadline} ms at ${step.percent}%: ${policy.onInconclusive === "promote" ? "promote" : "rollback"}`;
    return verdict(outcome, [{ check: "max_duration", outcome, detail }, ...waiting]);
  }
  if (elapsed.ms >= policy.maxStepDurationMs) {
    // The sequences stay valid however long they are watched, so an extension costs no false rollbacks.
    waiting.unshift({ check: "extended", outcome: "keep_watching", detail: `inconclusive after ${policy.maxStepDurationMs} ms; watching until ${deadline} ms` });
  }
  return verdict("keep_watching", waiting);
}

/**
 * The canary's share of the users the conversion comparison sees. Interleaved users saw
 * both rankings in one list, so their conversion belongs to neither arm and
 * read-arm-stats.ts leaves them out; they are the lowest `interleave.share` of the
 * canary's buckets, so of the users left a fraction π(1 − s) / (1 − π·s) is canary.
 */
function conversionCanaryShare(share: number, interleave: InterleavePolicy | undefined): number {
  if (!interleave || share >= 1) return share;
  return (share * (1 - interleave.share)) / (1 - share * interleave.share);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
