/** The least-squares line through a series, as its change from first to last point. */

/**
 * Fitted change over the series: slope · (n − 1) of the least-squares line
 * through (i, values[i]). A fit rather than last − first, so one noisy bucket at
 * either end cannot make or hide a trend. 0 for fewer than two points.
 */
export function linearTrend(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - meanX) * (values[i] - meanY);
    sxx += (i - meanX) ** 2;
  }
  return (sxy / sxx) * (n - 1);
}
