/**
 * CUPED (Deng, Xu, Kohavi & Walker 2013): subtract θ·(x − mean x) from each outcome y,
 * where x is the user's pre-exposure behaviour. Because x is fixed before assignment the
 * adjusted means keep their expectation difference, and their variance falls by corr(x, y)².
 */

/** θ, the adjusted outcomes, and the share of variance removed. */
export type Cuped = {
  readonly theta: number;
  readonly adjusted: number[];
  /** 1 − Var(adjusted) / Var(y): 0 means the covariate did not help. */
  readonly varianceReduction: number;
};

/**
 * Fits θ = Cov(x, y) / Var(x) over all users of all arms together (pooling keeps θ the
 * same for every arm, so it cannot absorb the treatment effect) and adjusts each outcome.
 */
export function cuped(outcomes: readonly number[], covariates: readonly number[]): Cuped {
  if (outcomes.length !== covariates.length) {
    throw new RangeError(
      `cuped() needs one covariate per outcome: got ${outcomes.length} outcomes, ${covariates.length} covariates`,
    );
  }
  const n = outcomes.length;
  const meanY = outcomes.reduce((s, y) => s + y, 0) / n;
  const meanX = covariates.reduce((s, x) => s + x, 0) / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = covariates[i] - meanX, dy = outcomes[i] - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  // A constant covariate carries no information: θ = 0 leaves the outcomes untouched.
  const theta = sxx > 0 ? sxy / sxx : 0;
  const adjusted = outcomes.map((y, i) => y - theta * (covariates[i] - meanX));
  const residual = syy - theta * sxy;
  const varianceReduction = syy > 0 ? 1 - Math.max(0, residual) / syy : 0;
  return { theta, adjusted, varianceReduction };
}
