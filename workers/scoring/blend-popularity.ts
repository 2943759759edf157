/**
 * Popularity blending (experimental flag): (1 − β) × the user's model score,
 * min-max normalised over the unseen items, plus β × the item's popularity
 * (ServingModel.popularity). Normalising first puts both on [0, 1], whatever the
 * model's score scale.
 */
import { forEachUnseenScore } from "./select-top-items.ts";
import type { ServingModel } from "./serving-model.ts";
import { type ScoredItems, TopKHeap } from "./top-k-heap.ts";

/** The `count` best unseen items of factor row `row` by blended score, best first. */
export function selectBlendedItems(model: ServingModel, row: number, count: number, beta: number): ScoredItems {
  const scores = new Float64Array(model.itemCount).fill(NaN); // NaN marks a seen item
  let min = Infinity;
  let max = -Infinity;
  forEachUnseenScore(model, row, (item, score) => {
    scores[item] = score;
    if (score < min) min = score;
    if (score > max) max = score;
  });
  // Equal model scores carry no preference: popularity alone decides.
  const span = max > min ? max - min : Infinity;
  const heap = new TopKHeap(count);
  for (let item = 0; item < scores.length; item++) {
    const score = scores[item];
    if (score !== score) continue;
    heap.offer(item, (1 - beta) * ((score - min) / span) + beta * model.popularity[item]);
  }
  return heap.sorted();
}
