/** The smallest true difference a two-sided two-sample z test detects with the wanted power. */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import type { SampleMoments } from "./sample-moments.ts";

/** (z₁₋α/₂ + z_power) · SE at the arms' current sizes and variances (the far rejection tail is ignored, as is usual). */
export function minimumDetectableEffect(
  control: SampleMoments,
  treatment: SampleMoments,
  alpha = 0.05,
  power = 0.8,
): number {
  const se = Math.sqrt(control.variance / control.n + treatment.variance / treatment.n);
  return (normalQuantile(1 - alpha / 2, 0, 1) + normalQuantile(power, 0, 1)) * se;
}
