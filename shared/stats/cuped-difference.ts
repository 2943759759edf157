/**
 * The CUPED-adjusted difference between two arms (Deng, Xu, Kohavi & Walker 2013), for
 * any estimate linearised over users (linearized-arm.ts): each arm's estimate minus
 * θ·(arm mean of x − overall mean of x), where x is the user's pre-exposure behaviour.
 * θ is the pooled within-arm slope of influence on x, the coefficient of x in the
 * regression y ~ arm + x, so the adjusted difference is that regression's arm
 * coefficient; x is fixed before assignment, so the difference keeps its expectation
 * and its variance falls by the within-arm corr(influence, x)². Without covariates θ = 0
 * and this is the plain difference with the arms' delta-method variances.
 */
import { estimateVariance, type LinearizedArm } from "./linearized-arm.ts";

/** One arm after adjustment: its estimate and that estimate's variance. */
export type AdjustedArm = { readonly n: number; readonly estimate: number; readonly variance: number };

/** treated − control after CUPED, its variance, θ and the share of variance removed. */
export type CupedDifference = {
  readonly control: AdjustedArm;
  readonly treated: AdjustedArm;
  readonly difference: number;
  /** Variance of the difference: the arms' variances summed (independent arms). */
  readonly variance: number;
  readonly theta: number;
  /** 1 − Var(adjusted difference) / Var(plain difference); 0 without covariates. */
  readonly varianceReduction: number;
};

/**
 * Adjusts both arms with the covariates (one per user, in the arms' user order), or
 * not at all when `covariates` is null. Both arms need two users or more.
 */
export function cupedDifference(
  control: LinearizedArm,
  treated: LinearizedArm,
  covariates: { readonly control: readonly number[]; readonly treated: readonly number[] } | null,
): CupedDifference {
  const plainVariance = estimateVariance(control) + estimateVariance(treated);
  if (covariates === null) {
    return {
      control: { n: control.n, estimate: control.estimate, variance: estimateVariance(control) },
      treated: { n: treated.n, estimate: treated.estimate, variance: estimateVariance(treated) },
      difference: treated.estimate - control.estimate,
      variance: plainVariance,
      theta: 0,
      varianceReduction: 0,
    };
  }
  if (covariates.control.length !== control.n || covariates.treated.length !== treated.n) {
    throw new RangeError("cupedDifference() needs one covariate per user of each arm");
  }
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const meanC = mean(covariates.control), meanT = mean(covariates.treated);
  const overall = (meanC * control.n + meanT * treated.n) / (control.n + treated.n);
  let sxx = 0, sxu = 0;
  const accumulate = (arm: LinearizedArm, xs: readonly number[], m: number) => {
    for (let i = 0; i < arm.n; i++) {
      const dx = xs[i] - m;
      sxx += dx * dx;
      sxu += dx * arm.influence[i];
    }
  };
  accumulate(control, covariates.control, meanC);
  accumulate(treated, covariates.treated, meanT);
  // A constant covariate carries no information: θ = 0 leaves the estimates untouched.
  const theta = sxx > 0 ? sxu / sxx : 0;
  const adjust = (arm: LinearizedArm, xs: readonly number[], m: number): AdjustedArm => {
    let ss = 0;
    for (let i = 0; i < arm.n; i++) ss += (arm.influence[i] - theta * (xs[i] - m)) ** 2;
    return { n: arm.n, estimate: arm.estimate - theta * (m - overall), variance: arm.n < 2 ? 0 : ss / (arm.n - 1) / arm.n };
  };
  const c = adjust(control, covariates.control, meanC);
  const t = adjust(treated, covariates.treated, meanT);
  const variance = c.variance + t.variance;
  return {
    control: c,
    treated: t,
    difference: t.estimate - c.estimate,
    variance,
    theta,
    varianceReduction: plainVariance > 0 ? Math.max(0, 1 - variance / plainVariance) : 0,
  };
}
