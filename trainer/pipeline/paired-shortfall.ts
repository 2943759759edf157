/**
 * Is the candidate worse than production beyond the tolerance, or only unluckily so?
 * Both models rank the same users' held-out interactions, so the comparison is paired:
 * per user d = candidate − (1 − tolerance) · production, and the gate refuses the
 * candidate only when even the one-sided 95 % upper bound of mean(d) is below zero.
 * Comparing the two means directly failed equally good models about a third of the
 * time on a few hundred users, where a user's ranking metric varies far more than 2 %.
 */
import { sampleMoments } from "../../shared/stats/sample-moments.ts";
import { tQuantile } from "../../shared/stats/t-quantile.ts";
import type { ListMetrics } from "../evaluation/list-metrics.ts";

export type PairedShortfall = {
  /** Users ranked by both models. */
  readonly users: number;
  /** Mean of candidate − (1 − tolerance) · production over those users. */
  readonly margin: number;
  /** One-sided 95 % upper confidence bound of `margin`; below 0 means confidently worse. */
  readonly upperBound: number;
};

const CONFIDENCE = 0.95;

/** `pairs` are [candidate, production] values of one metric, one pair per user. */
export function pairedShortfall(pairs: readonly (readonly [number, number])[], tolerance: number): PairedShortfall {
  const { n, mean, variance } = sampleMoments(pairs.map(([candidate, production]) => candidate - (1 - tolerance) * production));
  // One user gives no spread: nothing can be concluded, so the bound is open.
  const upperBound = n < 2 ? Infinity : mean + tQuantile(CONFIDENCE, n - 1) * Math.sqrt(variance / n);
  return { users: n, margin: mean, upperBound };
}

/** The value of the gate's metric in one user's list metrics. */
export function listMetricValue(m: ListMetrics, metric: "ndcg" | "precision" | "recall" | "map"): number {
  return metric === "map" ? m.averagePrecision : m[metric];
}
