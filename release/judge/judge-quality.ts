/**
 * Quality: per-user metrics compared by always-valid betting evidence on the relative
 * lift (lift-sequence.ts). Fail when a metric is confidently worse than stable, at any
 * number of users; pass when every metric is confidently no worse than the smallest harm
 * that matters; otherwise keep watching. The fail side spends quality's part of the
 * release's false-rollback budget (error-budget.ts); the pass side spends `alpha`.
 */
import type { QualityPolicy } from "../policy/canary-policy.ts";
import type { ArmStats } from "./arm-stats.ts";
import type { CanaryReason } from "./canary-verdict.ts";
import { type LiftInterval, liftSequence, METRIC_BOUND } from "./lift-sequence.ts";

/** Each metric's finding and interval. */
export type QualityFindings = {
  readonly reasons: CanaryReason[];
  readonly intervals: Record<string, LiftInterval | null>;
};

/**
 * Judges every quality metric of `policy` on the two arms' windows, for a step that sends
 * `share` of users to the canary, spending at most `failAlpha` on a false "worse".
 */
export function judgeQuality(policy: QualityPolicy, stable: ArmStats, canary: ArmStats, share: number, failAlpha: number): QualityFindings {
  const alphaFail = failAlpha / policy.metrics.length;
  const alphaPass = policy.alpha / policy.metrics.length;
  const reasons: CanaryReason[] = [];
  const intervals: Record<string, LiftInterval | null> = {};
  for (const metric of policy.metrics) {
    const test = { alphaFail, alphaPass, minimumHarm: policy.minimumHarm, share, bound: METRIC_BOUND[metric] };
    const interval = liftSequence(stable[metric], canary[metric], test);
    intervals[metric] = interval;
    const users = Math.min(stable[metric].users, canary[metric].users);
    if (interval === null) {
      reasons.push({ check: metric, outcome: "keep_watching", detail: `${metric}: not estimable yet (${users} users in the smaller arm)` });
      continue;
    }
    const text = `${metric} lift ${signed(interval.lift)} [${signed(interval.lower)}, ${signed(interval.upper)}]`;
    // The evidence is valid from the first user, so a confidently worse canary fails at once.
    if ((interval.logEvidenceWorse ?? 0) >= Math.log(1 / alphaFail)) reasons.push({ check: metric, outcome: "fail", detail: `${text}: worse than stable` });
    else if (users < policy.minUsersPerArm) {
      reasons.push({ check: metric, outcome: "keep_watching", detail: `${text}: ${users} of ${policy.minUsersPerArm} users per arm` });
    } else if ((interval.logEvidenceNoHarm ?? 0) >= Math.log(1 / alphaPass)) {
      reasons.push({ check: metric, outcome: "pass", detail: `${text}: no harm of ${signed(-policy.minimumHarm)} or more` });
    } else reasons.push({ check: metric, outcome: "keep_watching", detail: `${text}: cannot yet exclude ${signed(-policy.minimumHarm)}` });
  }
  return { reasons, intervals };
}

function signed(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "+∞" : "−∞";
  return `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
}
