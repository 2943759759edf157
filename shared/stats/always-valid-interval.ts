/**
 * The asymptotic always-valid confidence sequence (Waudby-Smith et al. 2023) for any
 * estimate that is asymptotically a mean over users: a difference of arm means, of
 * CUPED-adjusted means, of ratios (through their delta-method linearisation) or a
 * relative lift. Its coverage holds at every look at once, so a report may be refreshed
 * as often as anyone likes; the normal-mixture boundary is mixtureHalfWidth's.
 */
import { mixtureHalfWidth } from "./mixture-half-width.ts";

/** The interval at this look and the matching always-valid p-value for "the estimand is 0". */
export type AlwaysValidInterval = {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Smallest alpha whose sequence excludes 0 now: 1 / mixture likelihood ratio, capped at 1. */
  readonly pValue: number;
};

/**
 * The level-(1 − alpha) interval for `estimate` whose variance is `variance` after `users`
 * users. `rho2` is the per-user mixture precision, mixturePrecision(alpha, plannedUsers),
 * fixed before the experiment starts. The per-user variance (users × variance) is the
 * plug-in scale of the boundary.
 */
export function alwaysValidInterval(
  estimate: number,
  variance: number,
  users: number,
  alpha: number,
  rho2: number,
): AlwaysValidInterval {
  if (!(variance > 0) || !(users > 0)) {
    return { estimate, lower: estimate, upper: estimate, pValue: estimate === 0 ? 1 : 0 };
  }
  const sd = Math.sqrt(users * variance);
  const half = sd * mixtureHalfWidth(alpha, rho2, users);
  const standardized = estimate / sd;
  const grown = 1 + users * rho2;
  // log of the normal-mixture likelihood ratio against "0" at this look.
  const logRatio = -0.5 * Math.log(grown) + (rho2 * users * users * standardized ** 2) / (2 * grown);
  return { estimate, lower: estimate - half, upper: estimate + half, pValue: Math.min(1, Math.exp(-logRatio)) };
}
