/**
 * One arm's estimate as a mean over users, with each user's influence on it. A mean
 * metric is the mean of per-user values; a ratio metric (conversions per request,
 * latency per answer) is the arm's sum over sum, Σa/Σb, not a mean of per-user ratios,
 * so every request weighs the same while the user stays the unit of randomisation. The
 * delta method makes the ratio a mean too: R̂ − R ≈ mean of (aᵢ − R·bᵢ) / b̄, so
 * Var(R̂) ≈ Var((a − R·b) / b̄) / n, the usual delta-method covariance
 * (Var(a) − 2R·Cov(a, b) + R²·Var(b)) / (n·b̄²). Everything downstream (CUPED,
 * intervals, sequences) then works on influences alone.
 */

/** Users, the estimate, and each user's centred influence (mean 0). */
export type LinearizedArm = {
  readonly n: number;
  readonly estimate: number;
  /** Per-user influence on the estimate; its variance / n is the estimate's variance. */
  readonly influence: number[];
};

/** An arm of a mean metric: the mean of `values`. */
export function meanArm(values: readonly number[]): LinearizedArm {
  const n = values.length;
  const estimate = n > 0 ? values.reduce((s, v) => s + v, 0) / n : NaN;
  return { n, estimate, influence: values.map((v) => v - estimate) };
}

/**
 * An arm of a ratio metric: Σnumerators / Σdenominators over users. Users with a zero
 * denominator have no value and must be left out by the caller (they carry no requests).
 */
export function ratioArm(numerators: readonly number[], denominators: readonly number[]): LinearizedArm {
  if (numerators.length !== denominators.length) {
    throw new RangeError(
      `ratioArm() needs one denominator per numerator: got ${numerators.length} and ${denominators.length}`,
    );
  }
  const n = numerators.length;
  const sumA = numerators.reduce((s, v) => s + v, 0);
  const sumB = denominators.reduce((s, v) => s + v, 0);
  if (!(sumB > 0)) return { n, estimate: NaN, influence: numerators.map(() => 0) };
  const estimate = sumA / sumB;
  const meanB = sumB / n;
  return { n, estimate, influence: numerators.map((a, i) => (a - estimate * denominators[i]) / meanB) };
}

/** Unbiased variance of the estimate, Var(influence) / n; 0 under two users. */
export function estimateVariance(arm: LinearizedArm): number {
  if (arm.n < 2) return 0;
  let ss = 0;
  for (const u of arm.influence) ss += u * u;
  return ss / (arm.n - 1) / arm.n;
}
