/** Welch's unequal-variance t test for a difference of two independent means. */
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import type { SampleMoments } from "./sample-moments.ts";
import { tQuantile } from "./t-quantile.ts";

/** Treatment minus control, with its Welch standard error, t, df, two-sided p and CI. */
export type WelchTTest = {
  readonly difference: number;
  readonly standardError: number;
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  readonly df: number;
  readonly pValue: number;
  /** Two-sided (1 − alpha) confidence interval for the difference. */
  readonly ci: readonly [number, number];
};

/** Welch's test of treatment.mean − control.mean; null when either arm has under two values or no spread. */
export function welchTTest(
  control: SampleMoments,
  treatment: SampleMoments,
  alpha = 0.05,
): WelchTTest | null {
  if (control.n < 2 || treatment.n < 2) return null;
  const vc = control.variance / control.n;
  const vt = treatment.variance / treatment.n;
  const standardError = Math.sqrt(vc + vt);
  if (!(standardError > 0)) return null;
  const difference = treatment.mean - control.mean;
  const t = difference / standardError;
  const df = (vc + vt) ** 2 / (vc ** 2 / (control.n - 1) + vt ** 2 / (treatment.n - 1));
  const pValue = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const half = tQuantile(1 - alpha / 2, df) * standardError;
  return { difference, standardError, t, df, pValue, ci: [difference - half, difference + half] };
}
