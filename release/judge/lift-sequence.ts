/**
 * The quality evidence for one metric: always-valid bounds on the relative lift of a
 * per-user mean, canary over stable (−0.15: canary users convert 15 % less), from
 * betting on bounded per-user values (shared/stats/bounded-contrast-evidence.ts). Each
 * user's value is final when it enters (read over a fixed window after their first shown
 * list in the step) and lies in [0, 1] (conversion is a share of lists; watch minutes
 * are capped at WATCH_MINUTES_CAP per list and divided by it), so the evidence holds from
 * the first user at any base rate, with no central limit theorem behind it.
 *
 * Two one-sided questions decide; the interval reports them:
 * - worse: evidence against "canary ≥ stable" (the contrast μ_c − μ_s) reaching 1/α_fail;
 * - no harm: evidence against "canary ≤ (1 − minimumHarm)·stable" reaching 1/α_pass.
 * The interval's ends are the lifts r where the evidence against "canary = (1 + r)·stable"
 * just reaches each side's threshold (found by bisection).
 */
import type { UserMoments } from "./arm-stats.ts";
import { type BoundedSums, boundedSums, type ContrastSide, logContrastEvidence } from "../../shared/stats/bounded-contrast-evidence.ts";

/**
 * The per-list watch minutes a user's value is capped at before it is scaled to [0, 1]:
 * a feature film's length. Few users average more per list; those who do count as this.
 */
export const WATCH_MINUTES_CAP = 180;

/** The largest value each quality metric's per-user value can take (its scale to [0, 1]). */
export const METRIC_BOUND = { conversion: 1, watch_minutes: WATCH_MINUTES_CAP } as const;

/** The lift estimate, its always-valid interval and the two decisions' evidence at this look; null when not estimable. */
export type LiftInterval = {
  readonly lift: number;
  readonly lower: number;
  readonly upper: number;
  /** 1 / delta-method variance of the lift estimate: how much the look knows, for the record (0 when unknown). */
  readonly information: number;
  /** ln e-value that the canary is worse than stable (fail at ln(1/α_fail)). */
  readonly logEvidenceWorse?: number;
  /** ln e-value that the canary's loss is less than the smallest harm (pass at ln(1/α_pass)). */
  readonly logEvidenceNoHarm?: number;
};

/** The thresholds of one look: each side's alpha, the smallest harm, the canary's share of users. */
export type LiftTest = { readonly alphaFail: number; readonly alphaPass: number; readonly minimumHarm: number; readonly share: number; readonly bound: number };

// The interval's ends are reported within [−100 %, +10,000 %]: beyond that a lift says nothing more.
const MAX_LIFT = 100;
const MIN_LIFT = -1 + 1e-9;
const BISECTIONS = 20;

/** The evidence and interval for canary over stable, or null when an arm has no user or the share leaves no stable arm. */
export function liftSequence(stable: UserMoments, canary: UserMoments, test: LiftTest): LiftInterval | null {
  if (stable.users < 1 || canary.users < 1 || !(test.share > 0 && test.share < 1)) return null;
  const scale = (m: UserMoments): BoundedSums => boundedSums(m.users, m.mean / test.bound, m.variance / test.bound ** 2);
  const s = scale(stable), c = scale(canary);
  const evidence = (k: number, side: ContrastSide) => logContrastEvidence(s, c, test.share, k, side);
  const failAt = Math.log(1 / test.alphaFail), passAt = Math.log(1 / test.alphaPass);
  const lift = stable.mean > 0 ? canary.mean / stable.mean - 1 : canary.mean > 0 ? MAX_LIFT : 0;
  const near = Math.max(MIN_LIFT, Math.min(lift, MAX_LIFT));
  // lower: the smallest r whose "canary ≤ (1 + r)·stable" is not yet rejected; evidence falls as r rises.
  const lower = crossing(MIN_LIFT, near, (r) => evidence(1 + r, "above") >= passAt);
  // upper: the largest r whose "canary ≥ (1 + r)·stable" is not yet rejected; evidence rises with r.
  const upper = crossing(MAX_LIFT, near, (r) => evidence(1 + r, "below") >= failAt);
  const variance = stable.mean > 0
    ? canary.variance / canary.users / stable.mean ** 2 + (canary.mean / stable.mean) ** 2 * stable.variance / stable.users / stable.mean ** 2
    : 0;
  return {
    lift,
    lower,
    upper,
    information: variance > 0 ? 1 / variance : 0,
    logEvidenceWorse: evidence(1, "below"),
    logEvidenceNoHarm: evidence(1 - test.minimumHarm, "above"),
  };
}

/**
 * The boundary between lifts the evidence rejects (towards `far`) and those it does not
 * (towards `near`): stepping out from `near` by doubling steps until a lift is rejected
 * (the evidence is not monotone far out, where the values' bound makes the bets poor),
 * then bisecting; `far` when no lift on the way is rejected.
 */
function crossing(far: number, near: number, rejected: (r: number) => boolean): number {
  if (rejected(near)) return near;
  const direction = far < near ? -1 : 1;
  let inside = near;
  for (let step = 1e-3; ; step *= 2) {
    const out = direction < 0 ? Math.max(far, near - step) : Math.min(far, near + step);
    if (rejected(out)) return bisect(out, inside, rejected);
    if (out === far) return far;
    inside = out;
  }
}

function bisect(out: number, inside: number, rejected: (r: number) => boolean): number {
  for (let i = 0; i < BISECTIONS; i++) {
    const mid = (out + inside) / 2;
    if (rejected(mid)) out = mid;
    else inside = mid;
  }
  return inside;
}
