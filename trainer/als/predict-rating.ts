/**
 * Rating prediction from an explicit model: μ + b_u + b_i + x_u·y_i, clipped
 * to the rating range (clipping alone removes a measurable share of RMSE on
 * MovieLens). An index outside the model (a user or item never trained) adds
 * nothing, so cold starts degrade to the bias baseline instead of failing.
 */
import type { AlsModel } from "./als-model.ts";

/** Predicts the rating of `item` by `user` (dense indices). */
export function predictRating(model: AlsModel, user: number, item: number): number {
  const k = model.rank;
  const knownUser = user >= 0 && user < model.nUsers;
  const knownItem = item >= 0 && item < model.nItems;
  let score = model.globalMean;
  if (knownUser) score += model.userBias[user];
  if (knownItem) score += model.itemBias[item];
  if (knownUser && knownItem) {
    const ub = user * k;
    const ib = item * k;
    for (let p = 0; p < k; p++) score += model.userFactors[ub + p] * model.itemFactors[ib + p];
  }
  return model.clip ? Math.min(model.clip[1], Math.max(model.clip[0], score)) : score;
}
