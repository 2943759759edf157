/**
 * A fixed number of conjugate-gradient steps on A x = b, starting from the
 * current x. ALS warm-starts each row from its previous sweep, so a few steps
 * per sweep track the exact solution while costing O(nnz·k) instead of O(nnz·k²).
 */

/** Writes A·input into output. */
export type MatVec = (input: Float64Array, output: Float64Array) => void;

/** Scratch vectors of length d, reused across rows to avoid allocation in the hot loop. */
export type CgScratch = { readonly r: Float64Array; readonly p: Float64Array; readonly ap: Float64Array };

/** Allocates CG scratch for dimension d. */
export function createCgScratch(d: number): CgScratch {
  return { r: new Float64Array(d), p: new Float64Array(d), ap: new Float64Array(d) };
}

/** Improves `x` in place with at most `steps` CG steps; stops early once the residual vanishes. */
export function conjugateGradient(
  matVec: MatVec,
  b: Float64Array,
  x: Float64Array,
  d: number,
  steps: number,
  scratch: CgScratch,
): void {
  const { r, p, ap } = scratch;
  matVec(x, ap);
  let rr = 0;
  for (let a = 0; a < d; a++) {
    const v = b[a] - ap[a];
    r[a] = v;
    p[a] = v;
    rr += v * v;
  }
  for (let step = 0; step < steps; step++) {
    if (rr < 1e-20) return;
    matVec(p, ap);
    let pAp = 0;
    for (let a = 0; a < d; a++) pAp += p[a] * ap[a];
    if (!(pAp > 0)) return;
    const alpha = rr / pAp;
    let rrNext = 0;
    for (let a = 0; a < d; a++) {
      x[a] += alpha * p[a];
      r[a] -= alpha * ap[a];
      rrNext += r[a] * r[a];
    }
    const beta = rrNext / rr;
    for (let a = 0; a < d; a++) p[a] = r[a] + beta * p[a];
    rr = rrNext;
  }
}
