/**
 * The popularity baseline for ranking: every user gets the most-interacted
 * items they have not seen. Any personalised model should beat it.
 */
import type { Interactions } from "../datasets/interactions.ts";
import type { Recommend } from "./evaluate-ranking.ts";
import { itemCounts } from "./popularity-percentiles.ts";
import { topK } from "./top-k.ts";

/** A recommender ranking items by training interaction count. */
export function popularityRecommender(train: Interactions, nItems: number): Recommend {
  const counts = Float64Array.from(itemCounts(train, nItems));
  return (_user, k, excluded) => topK(counts, k, excluded);
}
