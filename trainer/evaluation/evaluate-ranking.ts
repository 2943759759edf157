/**
 * Offline top-K evaluation from a held-out set. For every user with at least
 * one relevant held-out item, the recommender ranks the catalogue minus the
 * user's training items; the list is scored against the relevant items and
 * averaged over users, overall and per slice. Also reports catalogue coverage
 * and popularity bias (mean popularity percentile of recommended items).
 */
import type { Interactions } from "../datasets/interactions.ts";
import { buildSparseRows } from "../als/sparse-rows.ts";
import { listMetrics, type ListMetrics } from "./list-metrics.ts";
import { itemCounts, popularityPercentiles } from "./popularity-percentiles.ts";

/** Returns up to k item indices for `user`, best first, none for which `excluded` is true. */
export type Recommend = (user: number, k: number, excluded: (item: number) => boolean) => Int32Array;

export type RankingReport = {
  /** Users evaluated (those with a relevant held-out item). */
  readonly users: number;
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly map: number;
  /** Distinct recommended items over the catalogue size. */
  readonly coverage: number;
  /** Mean popularity percentile of recommended items (0.5 is neutral, 1 only the most popular). */
  readonly popularityBias: number;
};

export type RankingOptions = {
  readonly nUsers: number;
  readonly nItems: number;
  /** List length K. */
  readonly k: number;
  /** Held-out values at or above this are relevant (4 for star ratings, 0 for watch signal). */
  readonly relevanceThreshold: number;
  /** A slice name per user (e.g. an activity bucket), or undefined to leave the user out of slices. */
  readonly sliceOf?: (user: number) => string | undefined;
  /** Called with each evaluated user's list metrics, for paired comparisons of two recommenders. */
  readonly onUser?: (user: number, metrics: ListMetrics) => void;
};

/** Evaluates `recommend` against `test`, excluding each user's `train` items from ranking. */
export function evaluateRanking(
  recommend: Recommend,
  train: Interactions,
  test: Interactions,
  options: RankingOptions,
): RankingReport & { readonly slices: Record<string, RankingReport> } {
  const { nUsers, nItems, k, relevanceThreshold, sliceOf } = options;
  const seen = buildSparseRows(train.users, train.items, train.values, nUsers);
  const held = buildSparseRows(test.users, test.items, test.values, nUsers);
  const percentiles = popularityPercentiles(itemCounts(train, nItems));
  const mark = new Uint8Array(nItems);
  const excluded = (item: number) => mark[item] === 1;
  const total = new Accumulator(nItems);
  const slices = new Map<string, Accumulator>();
  for (let user = 0; user < nUsers; user++) {
    const relevant = new Set<number>();
    for (let e = held.indptr[user]; e < held.indptr[user + 1]; e++) {
      if (held.values[e] >= relevanceThreshold) relevant.add(held.indices[e]);
    }
    if (relevant.size === 0) continue;
    for (let e = seen.indptr[user]; e < seen.indptr[user + 1]; e++) mark[seen.indices[e]] = 1;
    const list = recommend(user, k, excluded);
    for (let e = seen.indptr[user]; e < seen.indptr[user + 1]; e++) mark[seen.indices[e]] = 0;
    const metrics = listMetrics(list, relevant, k);
    options.onUser?.(user, metrics);
    total.add(metrics, list, percentiles);
    const slice = sliceOf?.(user);
    if (slice === undefined) continue;
    let acc = slices.get(slice);
    if (!acc) slices.set(slice, acc = new Accumulator(nItems));
    acc.add(metrics, list, percentiles);
  }
  const bySlice: Record<string, RankingReport> = {};
  for (const [name, acc] of [...slices].sort(([a], [b]) => a.localeCompare(b))) bySlice[name] = acc.report();
  return { ...total.report(), slices: bySlice };
}

class Accumulator {
  private users = 0;
  private precision = 0;
  private recall = 0;
  private ndcg = 0;
  private ap = 0;
  private popularity = 0;
  private recommended = 0;
  private readonly distinct: Uint8Array;
  private distinctCount = 0;

  constructor(nItems: number) {
    this.distinct = new Uint8Array(nItems);
  }

  add(m: ReturnType<typeof listMetrics>, list: Int32Array, percentiles: Float64Array): void {
    this.users++;
    this.precision += m.precision;
    this.recall += m.recall;
    this.ndcg += m.ndcg;
    this.ap += m.averagePrecision;
    for (const item of list) {
      this.popularity += percentiles[item];
      this.recommended++;
      if (this.distinct[item] === 0) {
        this.distinct[item] = 1;
        this.distinctCount++;
      }
    }
  }

  report(): RankingReport {
    const n = this.users || NaN;
    return {
      users: this.users,
      precision: this.precision / n,
      recall: this.recall / n,
      ndcg: this.ndcg / n,
      map: this.ap / n,
      coverage: this.distinct.length > 0 ? this.distinctCount / this.distinct.length : NaN,
      popularityBias: this.recommended > 0 ? this.popularity / this.recommended : NaN,
    };
  }
}
