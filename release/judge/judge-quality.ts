/**
 * Quality: per-user metrics compared by always-valid confidence sequences on
 * the relative lift. Fail when a metric is confidently worse than stable; pass
 * when every metric is confidently no worse than the smallest harm that
 * matters; otherwise keep watching.
 */
import type { QualityPolicy } from "../policy/canary-policy.ts";
import type { ArmStats } from "./arm-stats.ts";
import type { CanaryReason } from "./canary-verdict.ts";
import { type LiftInterval, liftSequence } from "./lift-sequence.ts";
import { mixturePrecision, plannedInformation } from "../../shared/stats/mixture-half-width.ts";

/** Each metric's finding and interval. */
export type QualityFindings = {
  readonly reasons: CanaryReason[];
  readonly intervals: Record<string, LiftInterval | null>;
};

/** Judges every quality metric of `policy` on the two arms' windows. */
export function judgeQuality(policy: QualityPolicy, stable: ArmStats, canary: ArmStats): QualityFindings {
  const alpha = policy.alpha / policy.metrics.length;
  // Tuned to be tightest where a fixed-sample test would just see the smallest harm.
  const rho2 = mixturePrecision(alpha, plannedInformation(alpha, policy.plannedPower, policy.minimumHarm));
  const reasons: CanaryReason[] = [];
  const intervals: Record<string, LiftInterval | null> = {};
  for (const metric of policy.metrics) {
    const interval = liftSequence(stable[metric], canary[metric], alpha, rho2);
    intervals[metric] = interval;
    const users = Math.min(stable[metric].users, canary[metric].users);
    if (interval === null) {
      reasons.push({ check: metric, outcome: "keep_watching", detail: `${metric}: not estimable yet (${users} users in the smaller arm)` });
      continue;
    }
    const text = `${metric} lift ${signed(interval.lift)} [${signed(interval.lower)}, ${signed(interval.upper)}]`;
    // A confidently worse canary fails as soon as the sequence can be trusted (it is valid
    // at every look), which needs far fewer users than showing it is no worse.
    if (interval.upper < 0 && users >= policy.minUsersToFail) reasons.push({ check: metric, outcome: "fail", detail: `${text}: worse than stable` });
    else if (users < policy.minUsersPerArm) {
      reasons.push({ check: metric, outcome: "keep_watching", detail: `${text}: ${users} of ${policy.minUsersPerArm} users per arm` });
    } else if (interval.lower > -policy.minimumHarm) {
      reasons.push({ check: metric, outcome: "pass", detail: `${text}: no harm of ${signed(-policy.minimumHarm)} or more` });
    } else reasons.push({ check: metric, outcome: "keep_watching", detail: `${text}: cannot yet exclude ${signed(-policy.minimumHarm)}` });
  }
  return { reasons, intervals };
}

function signed(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "+∞" : "−∞";
  return `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
}
