/**
 * Accuracy of one top-K list against a user's relevant held-out items, with
 * binary relevance: precision@K, recall@K, NDCG@K and AP@K (whose mean over
 * users is MAP@K). Conventions: precision divides by K even for a shorter
 * list; AP and the ideal DCG use min(|relevant|, K), so a perfect list scores 1.
 */

export type ListMetrics = {
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly averagePrecision: number;
};

/** Metrics of `list` (best first; only the first k count) for a non-empty `relevant` set. */
export function listMetrics(list: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): ListMetrics {
  if (relevant.size === 0) throw new Error("Cannot score a list against an empty relevant set");
  let hits = 0;
  let dcg = 0;
  let precisionSum = 0;
  const n = Math.min(k, list.length);
  for (let rank = 0; rank < n; rank++) {
    if (!relevant.has(list[rank])) continue;
    hits++;
    dcg += 1 / Math.log2(rank + 2);
    precisionSum += hits / (rank + 1);
  }
  const ideal = Math.min(relevant.size, k);
  let idcg = 0;
  for (let rank = 0; rank < ideal; rank++) idcg += 1 / Math.log2(rank + 2);
  return {
    precision: hits / k,
    recall: hits / relevant.size,
    ndcg: dcg / idcg,
    averagePrecision: precisionSum / ideal,
  };
}
