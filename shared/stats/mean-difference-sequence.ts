/**
 * An always-valid confidence sequence for treatment.mean − control.mean: the normal-mixture
 * boundary (mixtureHalfWidth) in user time, scaled by the plug-in per-user standard
 * deviation, which is the asymptotic confidence sequence of Waudby-Smith et al. (2023).
 * It holds at every look at once, so a report may be refreshed as often as anyone likes.
 */
import type { SampleMoments } from "./sample-moments.ts";
import { alwaysValidInterval } from "./always-valid-interval.ts";

/** The interval at this look and the matching always-valid p-value for "no difference". */
export type MeanDifferenceSequence = {
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
  /** Smallest alpha whose sequence excludes 0 now: 1 / mixture likelihood ratio, capped at 1. */
  readonly pValue: number;
};

/**
 * The level-(1 − alpha) sequence at the current sizes. `rho2` is the per-user mixture
 * precision, `mixturePrecision(alpha, plannedUsers)`, fixed before the experiment starts:
 * any fixed value keeps the guarantee, and the planned size only decides where it is tightest.
 * Null when either arm has under two users.
 */
export function meanDifferenceSequence(
  control: SampleMoments,
  treatment: SampleMoments,
  alpha: number,
  rho2: number,
): MeanDifferenceSequence | null {
  if (control.n < 2 || treatment.n < 2) return null;
  const users = control.n + treatment.n;
  const variance = control.variance / control.n + treatment.variance / treatment.n;
  const { estimate: difference, lower, upper, pValue } = alwaysValidInterval(
    treatment.mean - control.mean,
    variance,
    users,
    alpha,
    rho2,
  );
  return { difference, lower, upper, pValue };
}
