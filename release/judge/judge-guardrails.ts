/**
 * Guardrails: failures with the user as the unit (failure-excess-test.ts) and latency
 * quantiles (latency-quantile-test.ts), each an always-valid test of "the canary is
 * worse than the reference by more than the policy tolerates". A failure share whose
 * observed excess is beyond its tolerance but not yet significant is unsettled: the step
 * keeps watching rather than passing a canary that looks broken on a small sample.
 * The reference is this step's stable arm or, when the step routes every user to the
 * canary, the stable arm of the step before; with neither, the guardrails are not judged
 * (a canary is never compared with a failure rate of 0).
 */
import type { GuardrailPolicy } from "../policy/canary-policy.ts";
import type { ArmStats, FailureCounter } from "./arm-stats.ts";
import type { CanaryReason, LatencyEvidence } from "./canary-verdict.ts";
import { type FailureEvidence, failureExcessTest, userFailuresOf } from "./failure-excess-test.ts";
import { latencyQuantileTest } from "./latency-quantile-test.ts";
import { mixturePrecision, plannedInformation } from "../../shared/stats/mixture-half-width.ts";

const COUNTERS: readonly { key: FailureCounter; excess: "maxErrorRateExcess" | "maxTimeoutRateExcess" | "maxFallbackRateExcess" }[] = [
  { key: "errors", excess: "maxErrorRateExcess" },
  { key: "timeouts", excess: "maxTimeoutRateExcess" },
  { key: "fallbacks", excess: "maxFallbackRateExcess" },
];
const QUANTILES = [{ name: "p95", quantile: 0.95, ratio: "maxP95Ratio" }, { name: "p99", quantile: 0.99, ratio: "maxP99Ratio" }] as const;
// Bonferroni over every guardrail test: each keeps its share of the budget at every look.
const TESTS = COUNTERS.length + QUANTILES.length;
/**
 * The failure sequences are tightest where the excess is this many times its tolerance:
 * a model failing half its requests is then caught at the first check of the 5% step, at
 * a cost of a few per cent in width where the excess is near the tolerance.
 */
const PLANNED_EXCESS_OVER_TOLERANCE = 5;

/** Guardrail failures and the evidence of every guardrail. */
export type GuardrailFindings = {
  readonly failures: CanaryReason[];
  /** Failure shares over their tolerance without enough evidence yet, either way. */
  readonly unsettled: CanaryReason[];
  readonly counts: Record<string, FailureEvidence>;
  readonly latency: { p95: LatencyEvidence; p99: LatencyEvidence };
};

/**
 * Checks every guardrail of `policy` on the canary's window against the reference arm's,
 * spending `budget` (the guardrails' part of the step's error budget, error-budget.ts)
 * over the five tests; null reference: not judged.
 */
export function judgeGuardrails(policy: GuardrailPolicy, reference: ArmStats | null, canary: ArmStats, budget: number): GuardrailFindings {
  const failures: CanaryReason[] = [];
  const unsettled: CanaryReason[] = [];
  const counts: Record<string, FailureEvidence> = {};
  const latency: { p95: LatencyEvidence; p99: LatencyEvidence } = { p95: null, p99: null };
  if (reference === null) return { failures, unsettled, counts, latency };
  const alpha = budget / TESTS;
  for (const { key, excess } of COUNTERS) {
    const tolerance = policy[excess];
    const rho2 = mixturePrecision(alpha, plannedInformation(alpha, 0.8, PLANNED_EXCESS_OVER_TOLERANCE * Math.max(tolerance, 0.001)));
    const e = failureExcessTest(
      userFailuresOf(reference.userFailures?.[key], reference[key], reference.requests),
      userFailuresOf(canary.userFailures?.[key], canary[key], canary.requests),
      tolerance, alpha, rho2,
    );
    counts[key] = e;
    const shares = `${key}: canary users' mean share ${pct(e.canaryRate)} vs ${pct(e.stableRate)} (tolerance +${pct(tolerance)})`;
    if (e.exceeds && e.canaryFailingUsers >= policy.minFailuresToFail) {
      failures.push({ check: key, outcome: "fail", detail: `${shares}; excess ≥ ${pct(e.lowerExcess)} at every look (${e.canaryFailingUsers} failing users)` });
    } else if (e.canaryRate - e.stableRate > tolerance) {
      unsettled.push({ check: key, outcome: "keep_watching", detail: `${shares}: over the tolerance, not yet significant` });
    }
  }
  for (const q of QUANTILES) {
    if (canary.requests < policy.minRequestsForLatency) continue;
    const l = latencyQuantileTest(reference, canary, { quantile: q.quantile, ratio: policy[q.ratio], slackMs: policy.latencySlackMs, alpha });
    latency[q.name] = l;
    if (l?.failed) {
      failures.push({
        check: `latency_${q.name}`,
        outcome: "fail",
        detail: `${q.name} ${ms(l.canary)} vs stable ${ms(l.stable)}: ${l.canaryAbove} of ${l.canaryRequests} canary requests above the limit ` +
          `${ms(l.limit)} (${q.ratio === "maxP95Ratio" ? policy.maxP95Ratio : policy.maxP99Ratio}× stable's bound ${ms(l.stableBound)} + ${policy.latencySlackMs} ms), ` +
          `more than ${pct(l.allowedShare)} at every look`,
      });
    }
  }
  return { failures, unsettled, counts, latency };
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

function ms(x: number): string {
  return `${x.toFixed(0)} ms`;
}
