/**
 * Guardrails: failure counts (one-sided sequential count tests) and latency
 * quantiles (ratio limits once enough canary requests exist). A count whose
 * observed excess is beyond its limit but not yet significant is unsettled: the
 * step keeps watching rather than passing a canary that looks broken on a small
 * sample. Passing a step also needs the minimum sample.
 */
import type { GuardrailPolicy } from "../policy/canary-policy.ts";
import type { ArmStats, FailureCounter } from "./arm-stats.ts";
import type { CanaryReason, LatencyEvidence } from "./canary-verdict.ts";
import { type CountEvidence, countExcessEvidence } from "./count-excess-evidence.ts";

const COUNTERS: readonly { key: FailureCounter; excess: keyof GuardrailPolicy }[] = [
  { key: "errors", excess: "maxErrorRateExcess" },
  { key: "timeouts", excess: "maxTimeoutRateExcess" },
  { key: "fallbacks", excess: "maxFallbackRateExcess" },
];

/** Guardrail failures and the evidence of every guardrail. */
export type GuardrailFindings = {
  readonly failures: CanaryReason[];
  /** Counts over their limit without enough evidence yet, either way. */
  readonly unsettled: CanaryReason[];
  readonly counts: Record<string, CountEvidence>;
  readonly latency: { p95: LatencyEvidence; p99: LatencyEvidence };
};

/** Checks every guardrail of `policy` on the two arms' windows. */
export function judgeGuardrails(policy: GuardrailPolicy, stable: ArmStats, canary: ArmStats): GuardrailFindings {
  const failures: CanaryReason[] = [];
  const unsettled: CanaryReason[] = [];
  const counts: Record<string, CountEvidence> = {};
  // Bonferroni across the count tests: each keeps its share of the budget at every look.
  const threshold = Math.log(COUNTERS.length / policy.alpha);
  for (const { key, excess } of COUNTERS) {
    const e = countExcessEvidence(canary[key], canary.requests, stable[key], stable.requests, policy.mixtureConcentration);
    counts[key] = e;
    const limit = policy[excess] as number;
    const over = e.canaryWorse && e.canaryRate - e.stableRate > limit;
    // Significant and large enough to matter: a real but tiny excess is not a reason to roll back.
    if (over && (e.logBayesFactor < threshold || canary[key] < policy.minFailuresToFail)) {
      unsettled.push({
        check: key,
        outcome: "keep_watching",
        detail: `${key} rate ${pct(e.canaryRate)} vs stable ${pct(e.stableRate)} is over the limit (+${pct(limit)}), not yet significant`,
      });
    } else if (over) {
      failures.push({
        check: key,
        outcome: "fail",
        detail: `${key} rate ${pct(e.canaryRate)} vs stable ${pct(e.stableRate)} (limit +${pct(limit)}), ` +
          `Bayes factor ${Math.exp(e.logBayesFactor).toPrecision(3)} ≥ ${Math.exp(threshold).toFixed(0)}`,
      });
    }
  }
  const latency = { p95: latencyCheck(policy, stable, canary, "p95"), p99: latencyCheck(policy, stable, canary, "p99") };
  for (const q of ["p95", "p99"] as const) {
    const l = latency[q];
    if (l !== null && l.canary > l.limit) {
      failures.push({ check: `latency_${q}`, outcome: "fail", detail: `${q} ${l.canary} ms vs stable ${l.stable} ms (limit ${l.limit.toFixed(0)} ms)` });
    }
  }
  return { failures, unsettled, counts, latency };
}

function latencyCheck(policy: GuardrailPolicy, stable: ArmStats, canary: ArmStats, q: "p95" | "p99"): LatencyEvidence {
  if (stable.latencyMs === null || canary.latencyMs === null || canary.requests < policy.minRequestsForLatency) return null;
  const ratio = q === "p95" ? policy.maxP95Ratio : policy.maxP99Ratio;
  return { stable: stable.latencyMs[q], canary: canary.latencyMs[q], limit: stable.latencyMs[q] * ratio + policy.latencySlackMs };
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}
