/**
 * A pair's figures from its runs, as `bench:interleaving` prints them: for each test the
 * median number of users until a conclusive verdict, a run that never got one counting
 * as more than any cap (so the median is null when most runs were inconclusive), their
 * ratio, and how often the interleaving verdict picked the better model.
 */
import type { PreferenceVerdict } from "../../shared/stats/preference-sequence.ts";
import { median } from "../canary/rollback-figures.ts";

/** What one run of a pair gives the figures. */
export type PairOutcome = {
  /** Users until the A/B test was conclusive; null when it was not within the cap. */
  readonly abUsers: number | null;
  readonly interleavingUsers: number | null;
  readonly interleavingVerdict: PreferenceVerdict;
  /** The side the better model was on in this run. */
  readonly better: "A" | "B";
};

/** One pair's entry of `bench:interleaving --json`. */
export type PairFigures = {
  readonly name: string;
  readonly ab_users_median: number | null;
  readonly interleaving_users_median: number | null;
  readonly ratio: number | null;
  readonly correct_share: number;
};

/** The median of users-to-verdict where null (not conclusive) ranks above every number; null when that middle is not a number. */
export function usersMedian(users: readonly (number | null)[]): number | null {
  const m = median(users.map((u) => u ?? Infinity).sort((a, b) => a - b));
  return m === null || !Number.isFinite(m) ? null : m;
}

/** The figures of `name`'s runs; correct_share is over all runs (an inconclusive run is not correct). */
export function pairFigures(name: string, runs: readonly PairOutcome[]): PairFigures {
  const ab = usersMedian(runs.map((r) => r.abUsers));
  const interleaving = usersMedian(runs.map((r) => r.interleavingUsers));
  const correct = runs.filter((r) => r.interleavingVerdict === `${r.better} preferred`).length;
  return {
    name,
    ab_users_median: ab,
    interleaving_users_median: interleaving,
    ratio: ab === null || interleaving === null ? null : ab / interleaving,
    correct_share: runs.length === 0 ? 0 : correct / runs.length,
  };
}
