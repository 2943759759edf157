/**
 * The serving hot path: score every unseen item for one user (item bias + dot
 * product) and keep the best few in a bounded heap. Seen items are skipped with a
 * pointer into the user's sorted seen list, so exclusion costs no per-item lookup.
 */
import type { ServingModel } from "./serving-model.ts";
import { type ScoredItems, TopKHeap } from "./top-k-heap.ts";

/** The `count` best unseen items of factor row `row`, best first. */
export function selectTopItems(model: ServingModel, row: number, count: number): ScoredItems {
  const heap = new TopKHeap(count);
  forEachUnseenScore(model, row, (item, score) => heap.offer(item, score));
  return heap.sorted();
}

/** Calls `visit` with the model score of each item row `row` has not seen, in item order. */
export function forEachUnseenScore(model: ServingModel, row: number, visit: (item: number, score: number) => void): void {
  const { rank, itemFactors, itemBias, itemCount } = model;
  const user = model.userFactors.subarray(row * rank, (row + 1) * rank);
  // The artifact contract keeps each user's seen rows ascending (checked at load): no copy, no sort.
  const seen = model.seenItems.subarray(model.seenOffsets[row], model.seenOffsets[row + 1]);
  let next = 0;
  for (let item = 0, base = 0; item < itemCount; item++, base += rank) {
    if (next < seen.length && seen[next] === item) {
      while (next < seen.length && seen[next] === item) next++; // repeats in the seen list are harmless
      continue;
    }
    visit(item, (itemBias === null ? 0 : itemBias[item]) + dot(user, itemFactors, base, rank));
  }
}

function dot(user: Float32Array, factors: Float32Array, base: number, rank: number): number {
  // Four independent sums let the CPU overlap the multiplications.
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let p = 0;
  for (; p + 3 < rank; p += 4) {
    s0 += user[p] * factors[base + p];
    s1 += user[p + 1] * factors[base + p + 1];
    s2 += user[p + 2] * factors[base + p + 2];
    s3 += user[p + 3] * factors[base + p + 3];
  }
  for (; p < rank; p++) s0 += user[p] * factors[base + p];
  return s0 + s1 + s2 + s3;
}
