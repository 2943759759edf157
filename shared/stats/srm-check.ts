/**
 * Sample-ratio mismatch: a chi-square goodness-of-fit test of the users each variant got
 * against the configured weights. A mismatch means assignment or logging is broken, so no
 * effect estimate from the experiment can be trusted.
 */
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";

/** The usual SRM threshold: strict, because the check runs on every report and must rarely cry wolf. */
export const SRM_THRESHOLD = 0.001;

/** Observed and expected counts, the chi-square statistic, its p-value, and whether it flags a mismatch. */
export type SrmCheck = {
  readonly observed: readonly number[];
  readonly expected: readonly number[];
  readonly chiSquare: number;
  readonly df: number;
  readonly pValue: number;
  readonly mismatch: boolean;
};

/** Tests `counts` against `weights` (any positive scale); flags a mismatch when p < threshold. */
export function srmCheck(
  counts: readonly number[],
  weights: readonly number[],
  threshold = SRM_THRESHOLD,
): SrmCheck {
  if (counts.length !== weights.length || counts.length < 2) {
    throw new RangeError(
      `srmCheck() needs one weight per count and at least two: got ${counts.length} counts, ${weights.length} weights`,
    );
  }
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const total = counts.reduce((s, c) => s + c, 0);
  const expected = weights.map((w) => total * w / totalWeight);
  const chiSquare = counts.reduce((s, c, i) => s + (c - expected[i]) ** 2 / expected[i], 0);
  const df = counts.length - 1;
  // With no users there is nothing to test; report p = 1 rather than NaN.
  const pValue = total > 0 ? 1 - chisquareCdf(chiSquare, df) : 1;
  return { observed: [...counts], expected, chiSquare, df, pValue, mismatch: pValue < threshold };
}
