/**
 * Always-valid one-sided evidence about a Bernoulli share from its count alone: the
 * likelihood ratio of a grid of alternatives against the boundary share p0, averaged
 * with equal weights (a discrete mixture, Howard et al. 2021, §3). Every alternative on
 * the tested side makes its ratio a nonnegative supermartingale whenever the true share
 * is on the null side of p0, so their average is an e-process and, by Ville's
 * inequality, it reaches 1/alpha at any look with probability at most alpha. No special
 * functions: the figure can be checked by hand.
 */

/** "above": evidence that the share exceeds p0; "below": that it is under p0. */
export type ShareSide = "above" | "below";

// Alternatives at odds ratios 2^(±j/4), j = 1..32: from +19 % to 256×, finest near p0
// where a share barely past its limit must still be seen.
const GRID = Array.from({ length: 32 }, (_, j) => 2 ** ((j + 1) / 4));

/** log of the mixture e-value for `count` successes in `trials` against a share of p0 on `side`. */
export function logShareEvidence(count: number, trials: number, p0: number, side: ShareSide): number {
  if (trials <= 0 || !(p0 > 0 && p0 < 1)) return 0;
  const odds0 = p0 / (1 - p0);
  let max = -Infinity;
  const terms: number[] = [];
  for (const r of GRID) {
    const odds = side === "above" ? odds0 * r : odds0 / r;
    const p = odds / (1 + odds);
    const term = count * Math.log(p / p0) + (trials - count) * Math.log1p(-p) - (trials - count) * Math.log1p(-p0);
    terms.push(term);
    if (term > max) max = term;
  }
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return max + Math.log(sum / GRID.length);
}

/**
 * The largest count whose evidence of a share below p0 reaches 1/alpha, or −1 when no
 * count does yet. With probability ≥ 1 − alpha, at every look at once, the true count of
 * a Bernoulli(p0) stream exceeds it: a time-uniform lower bound on the count.
 */
export function countLowerBound(trials: number, p0: number, alpha: number): number {
  const threshold = Math.log(1 / alpha);
  if (logShareEvidence(0, trials, p0, "below") < threshold) return -1;
  // The evidence falls as the count grows: binary search for the last count that still rejects.
  let lo = 0;
  let hi = Math.max(0, Math.floor(trials * p0));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (logShareEvidence(mid, trials, p0, "below") >= threshold) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
