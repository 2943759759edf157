/**
 * Dot product of two length-n slices, with four accumulators: a single
 * running sum is bound by floating-point add latency, four independent ones
 * let the CPU overlap them (about 2× faster in Bun's JIT at n = 64). The
 * summation order is fixed, so results stay bit-reproducible.
 */

/** Σ a[ao + p] · b[bo + p] for p < n. */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let p = 0;
  for (; p + 3 < n; p += 4) {
    s0 += a[ao + p] * b[bo + p];
    s1 += a[ao + p + 1] * b[bo + p + 1];
    s2 += a[ao + p + 2] * b[bo + p + 2];
    s3 += a[ao + p + 3] * b[bo + p + 3];
  }
  for (; p < n; p++) s0 += a[ao + p] * b[bo + p];
  return (s0 + s1) + (s2 + s3);
}
