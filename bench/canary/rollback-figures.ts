/**
 * A scenario's figures from its runs: the rollback rate with its Clopper–Pearson 95%
 * interval, and how many canary requests the rolled-back runs took (median, and the 95th
 * percentile by nearest rank, so "p95 ≤ 200" reads as "95% of rollbacks within 200").
 */
import { clopperPearson } from "../../shared/stats/clopper-pearson.ts";

/** One scenario's entry of `bench:canary --json`. */
export type RollbackFigures = {
  readonly runs: number;
  readonly rollbacks: number;
  readonly rate: number;
  readonly lower95: number;
  readonly upper95: number;
  /** Canary requests until rollback over the rolled-back runs; null when none rolled back. */
  readonly median_requests: number | null;
  readonly p95_requests: number | null;
};

/** The figures of runs that each rolled back or not, after `canaryRequests`. */
export function rollbackFigures(runs: readonly { rolledBack: boolean; canaryRequests: number }[]): RollbackFigures {
  const requests = runs.filter((r) => r.rolledBack).map((r) => r.canaryRequests).sort((a, b) => a - b);
  const { lower, upper } = clopperPearson(requests.length, runs.length);
  return {
    runs: runs.length,
    rollbacks: requests.length,
    rate: runs.length === 0 ? 0 : requests.length / runs.length,
    lower95: lower,
    upper95: upper,
    median_requests: median(requests),
    p95_requests: nearestRank(requests, 0.95),
  };
}

/** What failedChecks and testRollback read of a run: how it ended, at which step, by which check. */
type EndedRun = { readonly rolledBack: boolean; readonly failedCheck: string | null; readonly step: number };

/** Rolled-back runs counted by failed check and the step's percent (`preference at 50%`). */
export function failedChecks(runs: readonly EndedRun[], steps: readonly { readonly percent: number }[]): Record<string, number> {
  const checks: Record<string, number> = {};
  for (const r of runs) {
    if (!r.rolledBack || r.failedCheck === null) continue;
    const key = `${r.failedCheck} at ${steps[r.step].percent}%`;
    checks[key] = (checks[key] ?? 0) + 1;
  }
  return checks;
}

/**
 * `run` as rolled back only when a test rolled it back: the inconclusive rule's
 * `max_duration` is not a test and spends no α (release/README.md), so an interleaved
 * A/A's false rollbacks by a test are figured without it.
 */
export function testRollback<R extends EndedRun>(run: R): R {
  return { ...run, rolledBack: run.rolledBack && run.failedCheck !== "max_duration" };
}

/** The middle of sorted `xs` (the mean of the two middles for an even count); null when empty. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** The smallest value of sorted `xs` with at least a `q` share of values at or below it; null when empty. */
export function nearestRank(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  return xs[Math.min(xs.length, Math.max(1, Math.ceil(q * xs.length))) - 1];
}
