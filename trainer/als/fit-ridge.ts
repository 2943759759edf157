/**
 * Ridge regression by the normal equations, (XᵀX + ρI) w = Xᵀy, solved with
 * the Cholesky kernel. Used for the blend weights: a dozen features over some
 * thousands of rows, where forming XᵀX is cheap and exact enough.
 */
import { choleskySolve } from "./cholesky-solve.ts";

/** Weights w minimising |Xw − y|² + ρ|w|² for row-major X (n × d); throws if the system is singular (ρ = 0, collinear X). */
export function fitRidge(x: Float64Array, y: ArrayLike<number>, d: number, ridge: number): Float64Array {
  const n = y.length;
  if (x.length !== n * d) throw new Error(`Cannot fit ridge weights: X has ${x.length} entries, expected ${n} × ${d}`);
  const a = new Float64Array(d * d);
  const w = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const base = r * d;
    for (let p = 0; p < d; p++) {
      const xp = x[base + p];
      w[p] += xp * y[r];
      for (let q = 0; q <= p; q++) a[p * d + q] += xp * x[base + q];
    }
  }
  for (let p = 0; p < d; p++) a[p * d + p] += ridge;
  if (!choleskySolve(a, w, d)) throw new Error(`Cannot fit ridge weights: XᵀX + ${ridge}·I is not positive definite`);
  return w;
}
