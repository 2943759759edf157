/**
 * Student's t quantile by inverting @stdlib's t CDF. @stdlib/stats-base-dists-t-quantile
 * is not a dependency of this project, and bisection on the maintained CDF is exact to
 * float precision, so no distribution code is written by hand here.
 */
import tCdf from "@stdlib/stats-base-dists-t-cdf";

/** The p-quantile of Student's t with `df` degrees of freedom (df may be fractional, as in Welch's test). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile() needs 0 < p < 1: current value is ${p}`);
  if (!(df > 0)) throw new RangeError(`tQuantile() needs df > 0: current value is ${df}`);
  if (p === 0.5) return 0;
  // Widen until the root is bracketed; heavy tails at df < 1 can need very wide brackets.
  let lo = -1, hi = 1;
  while (tCdf(lo, df) > p) lo *= 2;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
