/**
 * The explicit-feedback ALS kernel: for each row in [start, end) it solves
 * for the row's factors and bias together, with the other side fixed:
 *   minimise Σ (r − μ − b_other − b − x·y)² + λ·nᵝ·|x|² + λ_b·nᵝ·b²
 * i.e. features f = [y, 1] and the unknown [x, b]. Scaling λ with the row's
 * count n (weighted-λ; β = 1 is ALS-WR) keeps ALS from over-fitting sparse
 * rows; β = 0.5 fits MovieLens better than 1 (see AlsConfig).
 * Each row depends only on fixed inputs and its own previous value, so the
 * result does not depend on how rows are split across threads.
 */
import type { AlsState } from "./als-state.ts";
import { choleskySolve } from "./cholesky-solve.ts";
import { createCgScratch } from "./conjugate-gradient.ts";
import { type ExplicitRow, solveExplicitRowCg } from "./explicit-row-cg.ts";
import { dot } from "./dot.ts";
import { type Side, sideView } from "./side-view.ts";

export type ExplicitParams = {
  readonly lambda: number;
  readonly biasLambda: number;
  readonly lambdaExponent: number;
  readonly solver: "cholesky" | "cg";
  readonly cgSteps: number;
};

/** Solves rows start..end-1 of `side` in place and records their loss terms. */
export function solveExplicitRows(state: AlsState, side: Side, params: ExplicitParams, start: number, end: number): void {
  const k = state.rank;
  const d = k + 1;
  const mu = state.globalMean;
  const { rows, self, selfBias, other, otherBias, loss, dataLoss, withData } = sideView(state, side);
  const { indptr, indices, values } = rows;
  const a = new Float64Array(d * d);
  const z = new Float64Array(d);
  const rhs = new Float64Array(d);
  const scratch = createCgScratch(d);
  const cgRow: ExplicitRow = { other, otherBias, indices, values, mu, from: 0, to: 0, lam: 0, lamB: 0 };
  for (let row = start; row < end; row++) {
    const from = indptr[row];
    const to = indptr[row + 1];
    const n = to - from;
    const base = row * k;
    if (n === 0) {
      // No ratings: the minimiser is zero, and the prediction falls back to the baselines.
      self.fill(0, base, base + k);
      selfBias[row] = 0;
      loss[row] = 0;
      if (withData) dataLoss[row] = 0;
      continue;
    }
    const weight = params.lambdaExponent === 1 ? n : Math.pow(n, params.lambdaExponent);
    const lam = params.lambda * weight;
    const lamB = params.biasLambda * weight;
    let data = 0;
    if (params.solver === "cholesky") {
      rhs.fill(0);
      for (let e = from; e < to; e++) {
        const jb = indices[e] * k;
        const t = values[e] - mu - otherBias[indices[e]];
        for (let p = 0; p < k; p++) rhs[p] += t * other[jb + p];
        rhs[k] += t;
      }
      a.fill(0);
      for (let e = from; e < to; e++) {
        const jb = indices[e] * k;
        for (let p = 0; p < k; p++) {
          const fp = other[jb + p];
          const rowP = p * d;
          for (let q = 0; q <= p; q++) a[rowP + q] += fp * other[jb + q];
          a[k * d + p] += fp;
        }
      }
      for (let p = 0; p < k; p++) a[p * d + p] += lam;
      a[k * d + k] += n + lamB;
      // Only fails for λ = 0 on a degenerate row; keeping the previous value is then the safe choice.
      if (!choleskySolve(a, rhs, d)) continue;
      for (let p = 0; p < k; p++) self[base + p] = rhs[p];
      selfBias[row] = rhs[k];
      if (withData) data = exactDataTerm(state, side, row, from, to);
    } else {
      for (let p = 0; p < k; p++) z[p] = self[base + p];
      z[k] = selfBias[row];
      cgRow.from = from;
      cgRow.to = to;
      cgRow.lam = lam;
      cgRow.lamB = lamB;
      data = solveExplicitRowCg(cgRow, z, k, params.cgSteps, scratch);
      for (let p = 0; p < k; p++) self[base + p] = z[p];
      selfBias[row] = z[k];
    }
    let norm = 0;
    for (let p = 0; p < k; p++) norm += self[base + p] * self[base + p];
    const penalty = lam * norm + lamB * selfBias[row] * selfBias[row];
    if (withData) dataLoss[row] = data;
    loss[row] = penalty + (withData ? data : 0);
  }
}

/** Σ (r − prediction)² over the row's ratings, computed directly (the exact solver's loss). */
function exactDataTerm(state: AlsState, side: Side, row: number, from: number, to: number): number {
  const k = state.rank;
  const { rows, self, selfBias, other, otherBias } = sideView(state, side);
  let data = 0;
  for (let e = from; e < to; e++) {
    const jb = rows.indices[e] * k;
    const pred = state.globalMean + selfBias[row] + otherBias[rows.indices[e]] + dot(self, row * k, other, jb, k);
    const err = rows.values[e] - pred;
    data += err * err;
  }
  return data;
}
