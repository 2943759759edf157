/**
 * Solves a symmetric positive-definite system A x = b in place by Cholesky
 * factorisation, on a flat row-major Float64Array. Hand-written rather than
 * ml-matrix's CholeskyDecomposition because ALS solves one small system per
 * user and item per sweep, and allocating Matrix objects for each dominates.
 */

/**
 * Factorises the lower triangle of `a` (d×d, row-major) into L in place and
 * overwrites `b` with the solution. Returns false when A is not positive definite.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    const rowJ = j * d;
    let diag = a[rowJ + j];
    for (let p = 0; p < j; p++) diag -= a[rowJ + p] * a[rowJ + p];
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      const rowI = i * d;
      let s = a[rowI + j];
      for (let p = 0; p < j; p++) s -= a[rowI + p] * a[rowJ + p];
      a[rowI + j] = s / ljj;
    }
  }
  for (let i = 0; i < d; i++) {
    const rowI = i * d;
    let s = b[i];
    for (let p = 0; p < i; p++) s -= a[rowI + p] * b[p];
    b[i] = s / a[rowI + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = b[i];
    for (let p = i + 1; p < d; p++) s -= a[p * d + i] * b[p];
    b[i] = s / a[i * d + i];
  }
  return true;
}
