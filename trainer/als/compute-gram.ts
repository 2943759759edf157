/**
 * The Gram matrix FᵀF of a factor matrix F (n × k), needed by the implicit
 * model. Work is split by output rows; each entry is always summed over all n
 * rows of F in the same order, so any split gives the same bits.
 */

/** Writes rows start..end-1 (and their mirror entries) of FᵀF into `gram` (k × k). */
export function computeGram(factors: Float64Array, k: number, gram: Float64Array, start: number, end: number): void {
  const n = factors.length / k;
  for (let p = start; p < end; p++) gram.fill(0, p * k, p * k + p + 1);
  for (let i = 0; i < n; i++) {
    const ib = i * k;
    for (let p = start; p < end; p++) {
      const fp = factors[ib + p];
      const rowP = p * k;
      for (let q = 0; q <= p; q++) gram[rowP + q] += fp * factors[ib + q];
    }
  }
  for (let p = start; p < end; p++) {
    for (let q = 0; q < p; q++) gram[q * k + p] = gram[p * k + q];
  }
}
