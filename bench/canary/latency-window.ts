/**
 * Latencies of one arm over one judging window, with exact quantiles at every check as
 * Postgres' percentile_cont computes them (read-arm-stats.ts), without sorting the whole
 * window each minute: values are kept in log-spaced bins, and a quantile sorts only the
 * bin its order statistic falls in.
 */

// Bins of 1/16 natural-log unit (about 6% wide) over log(1 + ms): 1 hour lands in bin 175.
const BINS_PER_LOG_UNIT = 16;
const BIN_COUNT = 256;

/** Appends latencies and answers percentile_cont(f) over all appended so far. */
export class LatencyWindow {
  #bins: number[][] = Array.from({ length: BIN_COUNT }, () => []);
  #sorted = new Uint8Array(BIN_COUNT).fill(1);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(latencyMs: number): void {
    if (!(latencyMs >= 0)) throw new RangeError(`a latency must be a number ≥ 0: current value is ${latencyMs}`);
    const bin = Math.min(BIN_COUNT - 1, Math.floor(Math.log1p(latencyMs) * BINS_PER_LOG_UNIT));
    this.#bins[bin].push(latencyMs);
    this.#sorted[bin] = 0;
    this.#count++;
  }

  /** percentile_cont(f): linear interpolation between the order statistics around (n − 1)·f; null when empty. */
  percentileCont(f: number): number | null {
    if (this.#count === 0) return null;
    const position = (this.#count - 1) * f;
    const below = Math.floor(position);
    const low = this.#orderStatistic(below);
    if (below === position) return low;
    return low + (position - below) * (this.#orderStatistic(below + 1) - low);
  }

  /** The k-th smallest value (0-based), counting bins from the top, where the quantiles judged lie. */
  #orderStatistic(k: number): number {
    let above = 0;
    for (let bin = BIN_COUNT - 1; bin >= 0; bin--) {
      const values = this.#bins[bin];
      const start = this.#count - above - values.length;
      if (k >= start) {
        if (this.#sorted[bin] === 0) {
          values.sort((a, b) => a - b);
          this.#sorted[bin] = 1;
        }
        return values[k - start];
      }
      above += values.length;
    }
    throw new Error(`order statistic ${k} is outside a window of ${this.#count}`);
  }
}
