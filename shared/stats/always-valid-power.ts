/**
 * Power and minimum detectable effect of the always-valid decision rule itself: a
 * normal-mixture confidence sequence (always-valid-interval.ts) that must exclude 0 by
 * a given number of users. At n users the boundary sits c(n) = √n·mixtureHalfWidth(n)
 * standard errors from the estimate, wider than a fixed-sample test's z, which is the
 * price of reading the result every day. Only a crossing at n itself is counted (an
 * earlier one would also do), so the power is a lower bound and the sizes are safe.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { mixtureHalfWidth } from "./mixture-half-width.ts";

/** The boundary at `users` in standard errors of the estimate. */
function boundaryZ(alpha: number, rho2: number, users: number): number {
  return Math.sqrt(users) * mixtureHalfWidth(alpha, rho2, users);
}

/** Probability that the sequence excludes 0 at `users` when the true effect is `effect`. */
export function alwaysValidPower(effect: number, perUserSd: number, users: number, alpha: number, rho2: number): number {
  if (!(perUserSd > 0)) return effect === 0 ? 0 : 1;
  const shift = (Math.abs(effect) * Math.sqrt(users)) / perUserSd;
  return normalCdf(shift - boundaryZ(alpha, rho2, users), 0, 1);
}

/** The smallest effect the sequence detects at `users` with probability `power`. */
export function alwaysValidMde(perUserSd: number, users: number, alpha: number, rho2: number, power: number): number {
  return ((boundaryZ(alpha, rho2, users) + normalQuantile(power, 0, 1)) * perUserSd) / Math.sqrt(users);
}

/**
 * The fewest users at which alwaysValidMde ≤ |effect|; Infinity when no size up to
 * 10¹² reaches it (a zero effect, or one far below the noise).
 */
export function usersToDetect(effect: number, perUserSd: number, alpha: number, rho2: number, power: number): number {
  const target = Math.abs(effect);
  if (!(perUserSd > 0)) return 2;
  const reaches = (n: number) => alwaysValidMde(perUserSd, n, alpha, rho2, power) <= target;
  let hi = 2;
  while (!reaches(hi)) {
    hi *= 2;
    if (hi > 1e12) return Infinity;
  }
  let lo = Math.max(1, hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reaches(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
