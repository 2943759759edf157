/**
 * Rating prediction from an item-kNN model: the baseline b_ui = μ + b_u + b_i
 * plus the similarity-weighted mean residual of the k rated items most similar
 * to the target, r̂ = b_ui + Σ s_ij (r_uj − b_uj) / Σ s_ij over those with
 * s_ij > 0 (as Surprise's KNNBaseline). Unknown users or items, or no positive
 * neighbour, fall back to the baseline.
 */
import type { ItemKnn } from "./item-knn.ts";

/** Returns an unclipped predictor over `model`; it reuses one scratch buffer, so it is not reentrant. */
export function itemKnnPredictor(model: ItemKnn): (user: number, item: number) => number {
  const k = model.neighbours;
  // The current k best neighbours, kept sorted by similarity (descending), ties by rating order.
  const bestSimilarity = new Float64Array(k);
  const bestResidual = new Float64Array(k);
  const { indptr, indices } = model.byUser;
  return (user, item) => {
    const knownUser = user >= 0 && user < model.nUsers;
    const knownItem = item >= 0 && item < model.nItems;
    const baseline = model.globalMean + (knownUser ? model.userBias[user] : 0) + (knownItem ? model.itemBias[item] : 0);
    if (!knownUser || !knownItem) return baseline;
    const row = item * model.nItems;
    let kept = 0;
    for (let e = indptr[user]; e < indptr[user + 1]; e++) {
      const j = indices[e];
      const s = model.similarity[row + j];
      if (!(s > 0)) continue; // non-positive neighbours would be dropped from the sum anyway
      if (kept === k && s <= bestSimilarity[k - 1]) continue;
      let slot = kept < k ? kept++ : k - 1;
      while (slot > 0 && bestSimilarity[slot - 1] < s) {
        bestSimilarity[slot] = bestSimilarity[slot - 1];
        bestResidual[slot] = bestResidual[slot - 1];
        slot--;
      }
      bestSimilarity[slot] = s;
      bestResidual[slot] = model.residual[e];
    }
    let weights = 0;
    let sum = 0;
    for (let n = 0; n < kept; n++) {
      weights += bestSimilarity[n];
      sum += bestSimilarity[n] * bestResidual[n];
    }
    return weights > 0 ? baseline + sum / weights : baseline;
  };
}
