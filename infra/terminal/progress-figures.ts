/**
 * The figures a progress report shows, from what is done, the total and the time
 * spent: the share done, the rate, and the time left at that rate. Pure: the shell
 * measures the time. The rate is the average since the first unit was done (the
 * baseline), when there is one: the set-up before it (a world generated, a database
 * reached) would otherwise make the first estimates hours long.
 */

export type ProgressFigures = {
  readonly done: number;
  readonly total: number;
  /** done / total, capped at 1 (a count may overshoot an estimated total). */
  readonly ratio: number;
  readonly elapsed_s: number;
  /** Units per second since the baseline (or the start); 0 before any time has passed. */
  readonly rate_per_s: number;
  /** Seconds left at that rate; null while nothing is done yet. */
  readonly eta_s: number | null;
};

/** A point of the step to measure its rate from: what was done, and when. */
export type ProgressBaseline = { readonly done: number; readonly elapsedMs: number };

/** The figures after `done` of `total` units in `elapsedMs`, the rate measured from `baseline` when it is behind. */
export function progressFigures(done: number, total: number, elapsedMs: number, baseline: ProgressBaseline | null = null): ProgressFigures {
  const elapsed = Math.max(0, elapsedMs) / 1000;
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const since = baseline && done > baseline.done && elapsedMs > baseline.elapsedMs ? baseline : { done: 0, elapsedMs: 0 };
  const span = Math.max(0, elapsedMs - since.elapsedMs) / 1000;
  const rate = span > 0 ? (done - since.done) / span : 0;
  const left = Math.max(0, total - done);
  return {
    done,
    total,
    ratio,
    elapsed_s: elapsed,
    rate_per_s: rate,
    eta_s: left === 0 ? 0 : rate > 0 ? left / rate : null,
  };
}
