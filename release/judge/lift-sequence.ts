/**
 * An always-valid confidence sequence for the relative lift of a per-user mean,
 * canary over stable (−0.15: canary users convert 15% less). The lift's
 * variance comes from the delta method over two independent arms; the
 * half-width is the normal-mixture boundary in information time.
 */
import type { UserMoments } from "./arm-stats.ts";
import { mixtureHalfWidth } from "../../shared/stats/mixture-half-width.ts";

/** The lift estimate and its interval at this look; null when it is not estimable yet. */
export type LiftInterval = {
  readonly lift: number;
  readonly lower: number;
  readonly upper: number;
  /** 1 / variance of the lift estimate. */
  readonly information: number;
};

/** Confidence sequence for canary.mean / stable.mean − 1 at level alpha with mixture precision rho2. */
export function liftSequence(stable: UserMoments, canary: UserMoments, alpha: number, rho2: number): LiftInterval | null {
  if (stable.users < 2 || canary.users < 2 || !(stable.mean > 0)) return null;
  const ratio = canary.mean / stable.mean;
  // Var(c/s) ≈ Var(c)/s² + c²·Var(s)/s⁴ for independent arms.
  const variance = canary.variance / canary.users / stable.mean ** 2 +
    ratio ** 2 * stable.variance / stable.users / stable.mean ** 2;
  const information = variance > 0 ? 1 / variance : Infinity;
  const half = mixtureHalfWidth(alpha, rho2, information);
  return { lift: ratio - 1, lower: ratio - 1 - half, upper: ratio - 1 + half, information };
}
