/** Adapts a factor model to the evaluation's Recommend signature. */
import type { AlsModel } from "../als/als-model.ts";
import { scoreItems } from "../als/score-items.ts";
import type { Recommend } from "./evaluate-ranking.ts";
import { topK } from "./top-k.ts";

/** A recommender that scores all items with `model` and keeps the top k (one score buffer, reused). */
export function modelRecommender(model: AlsModel): Recommend {
  const scores = new Float64Array(model.nItems);
  return (user, k, excluded) => topK(scoreItems(model, user, scores), k, excluded);
}
