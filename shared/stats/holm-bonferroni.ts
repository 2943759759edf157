/** Holm's step-down adjustment: family-wise error control, uniformly more powerful than Bonferroni. */

/** Holm-adjusted p-values in the input order; reject hypothesis i at level alpha when adjusted[i] < alpha. */
export function holmBonferroni(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    // The running max keeps adjusted values monotone in the raw order, as the step-down procedure stops at the first acceptance.
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
