/** Power of a two-sided two-sample z test (the large-sample form of Welch's test). */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import type { SampleMoments } from "./sample-moments.ts";

/** Probability that a two-sided level-alpha test on arms of these sizes and variances detects `effect`. */
export function twoSamplePower(
  control: SampleMoments,
  treatment: SampleMoments,
  effect: number,
  alpha = 0.05,
): number {
  const se = Math.sqrt(control.variance / control.n + treatment.variance / treatment.n);
  if (!(se > 0)) return effect === 0 ? alpha : 1;
  const z = normalQuantile(1 - alpha / 2, 0, 1);
  const shift = Math.abs(effect) / se;
  // Both rejection tails count: the far one is tiny but makes power(0) exactly alpha.
  return normalCdf(shift - z, 0, 1) + normalCdf(-shift - z, 0, 1);
}
