/** Count, mean and unbiased variance of a sample: what every two-sample statistic here needs. */

/** A sample summarised by its size, mean and (n − 1)-denominator variance. */
export type SampleMoments = {
  readonly n: number;
  readonly mean: number;
  /** Unbiased sample variance; 0 when n < 2, where it is not estimable. */
  readonly variance: number;
};

/** Summarises `values` in one pass (Welford), stable for large sums of similar values. */
export function sampleMoments(values: readonly number[]): SampleMoments {
  let n = 0, mean = 0, m2 = 0;
  for (const x of values) {
    n++;
    const delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }
  return { n, mean: n > 0 ? mean : NaN, variance: n > 1 ? m2 / (n - 1) : 0 };
}
