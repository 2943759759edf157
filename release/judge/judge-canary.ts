/**
 * The canary judge: one pure decision per check interval from the two arms'
 * windows (the caller aggregates telemetry; the clock is the caller's too).
 * Guardrails first, then quality, then the step's minimums and deadline.
 */
import type { CanaryPolicy } from "../policy/canary-policy.ts";
import type { ArmStats } from "./arm-stats.ts";
import type { CanaryOutcome, CanaryReason, CanaryVerdict } from "./canary-verdict.ts";
import { judgeGuardrails } from "./judge-guardrails.ts";
import { judgeQuality } from "./judge-quality.ts";

/** Where the release is: the step index of `policy.steps` and the time since that step began. */
export type CanaryElapsed = { readonly step: number; readonly ms: number };

/** pass, fail or keep_watching for the current step, with reasons and evidence; never throws. */
export function judgeCanary(policy: CanaryPolicy, stable: ArmStats, canary: ArmStats, elapsed: CanaryElapsed): CanaryVerdict {
  const step = policy.steps[Math.min(Math.max(0, elapsed.step), policy.steps.length - 1)];
  const guardrails = judgeGuardrails(policy.guardrails, stable, canary);
  const quality = judgeQuality(policy.quality, stable, canary);
  const evidence = {
    requests: { stable: stable.requests, canary: canary.requests },
    counts: guardrails.counts,
    latency: guardrails.latency,
    quality: quality.intervals,
    step: elapsed.step,
    elapsedMs: elapsed.ms,
  };
  const verdict = (outcome: CanaryOutcome, reasons: CanaryReason[]): CanaryVerdict => ({ outcome, reasons, evidence });

  const failures = [...guardrails.failures, ...quality.reasons.filter((r) => r.outcome === "fail")];
  if (failures.length > 0) return verdict("fail", failures);

  const waiting: CanaryReason[] = [...guardrails.unsettled];
  if (canary.requests < policy.minCanaryRequests) {
    waiting.push({ check: "sample", outcome: "keep_watching", detail: `${canary.requests} of ${policy.minCanaryRequests} canary requests` });
  }
  if (elapsed.ms < step.minDurationMs) {
    waiting.push({ check: "duration", outcome: "keep_watching", detail: `${elapsed.ms} of ${step.minDurationMs} ms at ${step.percent}%` });
  }
  if (step.requireQuality) waiting.push(...quality.reasons.filter((r) => r.outcome === "keep_watching"));
  if (waiting.length === 0) {
    const passed = step.requireQuality ? quality.reasons : [];
    return verdict("pass", [{ check: "guardrails", outcome: "pass", detail: "no guardrail breached" }, ...passed]);
  }
  if (elapsed.ms >= policy.maxStepDurationMs) {
    const outcome = policy.onInconclusive === "rollback" ? "fail" : "pass";
    const detail = `inconclusive after ${policy.maxStepDurationMs} ms at ${step.percent}%: ${policy.onInconclusive}`;
    return verdict(outcome, [{ check: "max_duration", outcome, detail }, ...waiting]);
  }
  return verdict("keep_watching", waiting);
}
