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
import { conjugateGradient, createCgScratch } from "./conjugate-gradient.ts";
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
  let from = 0;
  let to = 0;
  let lam = 0;
  let lamB = 0;
  const matVec = (input: Float64Array, output: Float64Array) => {
    for (let p = 0; p < k; p++) output[p] = lam * input[p];
    output[k] = lamB * input[k];
    for (let e = from; e < to; e++) {
      const jb = indices[e] * k;
      const s = input[k] + dot(other, jb, input, 0, k);
      for (let p = 0; p < k; p++) output[p] += s * other[jb + p];
      output[k] += s;
    }
  };

  for (let row = start; row < end; row++) {
    from = indptr[row];
    to = indptr[row + 1];
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
    lam = params.lambda * weight;
    lamB = params.biasLambda * weight;
    rhs.fill(0);
    for (let e = from; e < to; e++) {
      const jb = indices[e] * k;
      const t = values[e] - mu - otherBias[indices[e]];
      for (let p = 0; p < k; p++) rhs[p] += t * other[jb + p];
      rhs[k] += t;
    }
    if (params.solver === "cholesky") {
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
    } else {
      for (let p = 0; p < k; p++) z[p] = self[base + p];
      z[k] = selfBias[row];
      conjugateGradient(matVec, rhs, z, d, params.cgSteps, scratch);
      for (let p = 0; p < k; p++) self[base + p] = z[p];
      selfBias[row] = z[k];
    }
    let norm = 0;
    for (let p = 0; p < k; p++) norm += self[base + p] * self[base + p];
    const penalty = lam * norm + lamB * selfBias[row] * selfBias[row];
    let data = 0;
    if (withData) {
      for (let e = from; e < to; e++) {
        const jb = indices[e] * k;
        const pred = mu + selfBias[row] + otherBias[indices[e]] + dot(self, base, other, jb, k);
        const err = values[e] - pred;
        data += err * err;
      }
      dataLoss[row] = data;
    }
    loss[row] = penalty + data;
  }
}
