/**
 * Warm-started conjugate gradient for one row of the explicit kernel, fused
 * with the data it reads. The general conjugateGradient needs b (one pass over
 * the row's ratings) and then A·x₀ (two more); here the residual
 * r₀ = b − A·x₀ = Σ (t − f·x₀) f − Λx₀ is built in one two-pass sweep, and the
 * data term of the loss after the solve comes from CG's own bookkeeping
 * instead of one more pass: with g(x) = ½xᵀAx − x·b, each step lowers g by
 * ½·α·rᵀr, and Σ (t − f·x)² = Σ t² + 2g(x) − xᵀΛx. Passes over the ratings per
 * row: 2 + 2·steps instead of 3 + 2·steps (+1 for the loss).
 */
import type { CgScratch } from "./conjugate-gradient.ts";
import { dot } from "./dot.ts";

/**
 * The ratings of one row: entries from..to-1 of the CSR arrays, targets t = value − μ − other bias.
 * The row fields are mutable so a kernel reuses one object for all its rows.
 */
export type ExplicitRow = {
  readonly other: Float64Array;
  readonly otherBias: Float64Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly mu: number;
  from: number;
  to: number;
  /** Ridge on the k factors and on the bias. */
  lam: number;
  lamB: number;
};

/**
 * Improves z = [x, b] (length k + 1) in place with `steps` CG steps on the row's
 * normal equations; returns the data term Σ (t − f·z)² at the new z.
 */
export function solveExplicitRowCg(row: ExplicitRow, z: Float64Array, k: number, steps: number, scratch: CgScratch): number {
  const { other, otherBias, indices, values, mu, from, to, lam, lamB } = row;
  const { r, p, ap } = scratch;
  const d = k + 1;
  for (let q = 0; q < k; q++) r[q] = -lam * z[q];
  r[k] = -lamB * z[k];
  let data = 0;
  for (let e = from; e < to; e++) {
    const j = indices[e];
    const jb = j * k;
    const res = values[e] - mu - otherBias[j] - z[k] - dot(other, jb, z, 0, k);
    data += res * res;
    for (let q = 0; q < k; q++) r[q] += res * other[jb + q];
    r[k] += res;
  }
  let penaltyBefore = lamB * z[k] * z[k];
  for (let q = 0; q < k; q++) penaltyBefore += lam * z[q] * z[q];
  let rr = 0;
  for (let q = 0; q < d; q++) {
    p[q] = r[q];
    rr += r[q] * r[q];
  }
  // 2·(g(z) − g(z₀)), accumulated as CG lowers g.
  let twiceDrop = 0;
  for (let step = 0; step < steps && rr >= 1e-20; step++) {
    for (let q = 0; q < k; q++) ap[q] = lam * p[q];
    ap[k] = lamB * p[k];
    for (let e = from; e < to; e++) {
      const jb = indices[e] * k;
      const s = p[k] + dot(other, jb, p, 0, k);
      for (let q = 0; q < k; q++) ap[q] += s * other[jb + q];
      ap[k] += s;
    }
    let pAp = 0;
    for (let q = 0; q < d; q++) pAp += p[q] * ap[q];
    if (!(pAp > 0)) break;
    const alpha = rr / pAp;
    let rrNext = 0;
    for (let q = 0; q < d; q++) {
      z[q] += alpha * p[q];
      r[q] -= alpha * ap[q];
      rrNext += r[q] * r[q];
    }
    twiceDrop += alpha * rr;
    const beta = rrNext / rr;
    for (let q = 0; q < d; q++) p[q] = r[q] + beta * p[q];
    rr = rrNext;
  }
  let penaltyAfter = lamB * z[k] * z[k];
  for (let q = 0; q < k; q++) penaltyAfter += lam * z[q] * z[q];
  // data(z) = Σt² + 2g(z) − zᵀΛz, and data(z₀) is known, so only the changes are needed.
  return Math.max(0, data - twiceDrop - penaltyAfter + penaltyBefore);
}
