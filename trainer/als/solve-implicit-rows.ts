/**
 * The implicit-feedback ALS kernel (Hu, Koren and Volinsky 2008): every
 * (row, other) pair has preference p = 1 if observed else 0 and confidence
 * c = 1 + α·value, so each row solves
 *   (YᵀY + Σ_observed (c − 1) y yᵀ + λI) x = Σ_observed c y.
 * YᵀY (state.gram) is shared by all rows, so only observed pairs cost per row.
 * The loss uses the same identity: Σ_all (x·y)² = xᵀ(YᵀY)x.
 */
import type { AlsState } from "./als-state.ts";
import { choleskySolve } from "./cholesky-solve.ts";
import { conjugateGradient, createCgScratch } from "./conjugate-gradient.ts";
import { dot } from "./dot.ts";
import { type Side, sideView } from "./side-view.ts";

export type ImplicitParams = {
  readonly lambda: number;
  readonly alpha: number;
  readonly solver: "cholesky" | "cg";
  readonly cgSteps: number;
};

/** Solves rows start..end-1 of `side` in place; state.gram must hold the other side's Gram matrix. */
export function solveImplicitRows(state: AlsState, side: Side, params: ImplicitParams, start: number, end: number): void {
  const k = state.rank;
  const { gram } = state;
  const { rows, self, other, loss, dataLoss, withData } = sideView(state, side);
  const { indptr, indices, values } = rows;
  const { lambda, alpha } = params;
  const a = new Float64Array(k * k);
  const x = new Float64Array(k);
  const rhs = new Float64Array(k);
  const gx = new Float64Array(k);
  const scratch = createCgScratch(k);
  let from = 0;
  let to = 0;
  const matVec = (input: Float64Array, output: Float64Array) => {
    for (let p = 0; p < k; p++) output[p] = lambda * input[p] + dot(gram, p * k, input, 0, k);
    for (let e = from; e < to; e++) {
      const jb = indices[e] * k;
      const s = alpha * values[e] * dot(other, jb, input, 0, k);
      for (let p = 0; p < k; p++) output[p] += s * other[jb + p];
    }
  };

  for (let row = start; row < end; row++) {
    from = indptr[row];
    to = indptr[row + 1];
    const base = row * k;
    if (to === from) {
      // Nothing observed: every preference is 0, so the minimiser is 0.
      self.fill(0, base, base + k);
      loss[row] = 0;
      if (withData) dataLoss[row] = 0;
      continue;
    }
    rhs.fill(0);
    for (let e = from; e < to; e++) {
      const jb = indices[e] * k;
      const c = 1 + alpha * values[e];
      for (let p = 0; p < k; p++) rhs[p] += c * other[jb + p];
    }
    if (params.solver === "cholesky") {
      a.set(gram);
      for (let p = 0; p < k; p++) a[p * k + p] += lambda;
      for (let e = from; e < to; e++) {
        const jb = indices[e] * k;
        const w = alpha * values[e];
        for (let p = 0; p < k; p++) {
          const fp = w * other[jb + p];
          const rowP = p * k;
          for (let q = 0; q <= p; q++) a[rowP + q] += fp * other[jb + q];
        }
      }
      if (!choleskySolve(a, rhs, k)) continue;
      for (let p = 0; p < k; p++) self[base + p] = rhs[p];
    } else {
      for (let p = 0; p < k; p++) x[p] = self[base + p];
      conjugateGradient(matVec, rhs, x, k, params.cgSteps, scratch);
      for (let p = 0; p < k; p++) self[base + p] = x[p];
    }
    let penalty = 0;
    for (let p = 0; p < k; p++) penalty += lambda * self[base + p] * self[base + p];
    let total = 0;
    if (withData) {
      for (let p = 0; p < k; p++) gx[p] = dot(gram, p * k, self, base, k);
      for (let p = 0; p < k; p++) total += self[base + p] * gx[p];
      for (let e = from; e < to; e++) {
        const jb = indices[e] * k;
        const s = dot(self, base, other, jb, k);
        const c = 1 + alpha * values[e];
        total += c * (1 - s) * (1 - s) - s * s;
      }
      dataLoss[row] = total;
    }
    loss[row] = penalty + total;
  }
}
