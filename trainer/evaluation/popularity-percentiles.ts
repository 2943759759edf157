/**
 * Each item's popularity (training interactions) as a mid-rank percentile in
 * 0..1: 1 is the most popular item, 0 the least, ties share their mean rank.
 * The mean percentile of recommended items measures popularity bias.
 */
import type { Interactions } from "../datasets/interactions.ts";

/** Training interaction count per item. */
export function itemCounts(train: Interactions, nItems: number): Int32Array {
  const counts = new Int32Array(nItems);
  for (let e = 0; e < train.length; e++) counts[train.items[e]]++;
  return counts;
}

/** Training interaction count per user. */
export function userCounts(train: Interactions, nUsers: number): Int32Array {
  const counts = new Int32Array(nUsers);
  for (let e = 0; e < train.length; e++) counts[train.users[e]]++;
  return counts;
}

/** Mid-rank popularity percentile per item (0.5 for all items when there is one item or all tie). */
export function popularityPercentiles(counts: Int32Array): Float64Array {
  const n = counts.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => counts[a] - counts[b]);
  const percentiles = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && counts[order[end]] === counts[order[start]]) end++;
    const midRank = (start + end - 1) / 2;
    for (let r = start; r < end; r++) percentiles[order[r]] = n > 1 ? midRank / (n - 1) : 0.5;
    start = end;
  }
  return percentiles;
}
