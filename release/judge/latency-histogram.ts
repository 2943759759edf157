/**
 * Reading a binned latency window (arm-stats.ts LatencyHistogram) conservatively: an
 * order statistic is bounded by its bin's edges, and an exceedance count takes only the
 * bins wholly above the threshold, so binning can only make a latency test slower to
 * fail, never quicker.
 */
import { LATENCY_BINS_PER_LOG_UNIT, type LatencyHistogram } from "./arm-stats.ts";

/** The bin a latency of `ms` falls in; the SQL and the bench bin with the same rule. */
export function latencyBin(ms: number): number {
  return Math.min(4096, Math.max(0, Math.floor(Math.log1p(Math.max(0, ms)) * LATENCY_BINS_PER_LOG_UNIT)));
}

/** The smallest latency bin `bin` can hold. */
export function binLowerEdge(bin: number): number {
  return Math.expm1(bin / LATENCY_BINS_PER_LOG_UNIT);
}

/** Every latency of bin `bin` is below this. */
export function binUpperEdge(bin: number): number {
  return Math.expm1((bin + 1) / LATENCY_BINS_PER_LOG_UNIT);
}

/** Requests in the histogram. */
export function histogramCount(histogram: LatencyHistogram): number {
  let n = 0;
  for (const [, count] of histogram) n += count;
  return n;
}

/** An upper bound on the value with `rank` values above it (0: the largest); Infinity when there are not that many. */
export function valueWithRankFromTop(histogram: LatencyHistogram, rank: number): number {
  const bins = [...histogram].sort((a, b) => b[0] - a[0]);
  let above = 0;
  for (const [bin, count] of bins) {
    above += count;
    if (above > rank) return binUpperEdge(bin);
  }
  return Infinity;
}

/** A lower bound on how many latencies exceed `limitMs`: the counts of bins that start at or above it. */
export function countAbove(histogram: LatencyHistogram, limitMs: number): number {
  let n = 0;
  for (const [bin, count] of histogram) if (binLowerEdge(bin) >= limitMs) n += count;
  return n;
}
