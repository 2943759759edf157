/**
 * Offline metrics of one trained model on one held-out fold, next to its
 * baselines (bias baseline for ratings, popularity for ranking), overall and
 * per user-activity slice. Pure: all inputs are in memory.
 */
import type { AlsModel } from "../als/als-model.ts";
import { predictRating } from "../als/predict-rating.ts";
import type { Interactions } from "../datasets/interactions.ts";
import { activitySlices } from "../evaluation/activity-slices.ts";
import { fitBiasBaseline } from "../evaluation/bias-baseline.ts";
import { evaluateRanking, type RankingReport } from "../evaluation/evaluate-ranking.ts";
import { modelRecommender } from "../evaluation/model-recommender.ts";
import { popularityRecommender } from "../evaluation/popularity-recommender.ts";
import { type Predict, type RatingErrors, ratingErrors } from "../evaluation/rating-errors.ts";

export type FoldMetrics = {
  /** Null for the implicit model, whose scores are not ratings. */
  readonly rmse: number | null;
  readonly mae: number | null;
  readonly ranking: RankingReport;
  readonly baseline: { readonly rmse: number; readonly mae: number; readonly ranking: RankingReport };
  readonly slices: Record<string, { readonly ratings: RatingErrors | null; readonly ranking: RankingReport }>;
};

export type FoldInput = {
  readonly train: Interactions;
  readonly test: Interactions;
  readonly nUsers: number;
  readonly nItems: number;
  readonly topK: number;
  readonly relevance: number;
};

/**
 * Scores `model` on the fold's held-out rows: rankings from `model`, ratings
 * from `predict` (by default the model's own explicit prediction; null for none).
 */
export function evaluateFold(model: AlsModel, input: FoldInput, predict?: Predict | null): FoldMetrics {
  const { train, test, nUsers, nItems, topK, relevance } = input;
  const slices = activitySlices(train, nUsers);
  const sliceOf = (user: number) => slices[user];
  const options = { nUsers, nItems, k: topK, relevanceThreshold: relevance, sliceOf };
  const rate = predict !== undefined ? predict : model.kind === "explicit" ? (u: number, i: number) => predictRating(model, u, i) : null;
  const errors = rate ? ratingErrors(rate, test, sliceOf) : null;
  const ranking = evaluateRanking(modelRecommender(model), train, test, options);
  const bias = fitBiasBaseline(train, { nUsers, nItems });
  const baselineErrors = ratingErrors((u, i) => predictRating(bias, u, i), test);
  const popularity = evaluateRanking(popularityRecommender(train, nItems), train, test, { ...options, sliceOf: undefined });
  const bySlice: FoldMetrics["slices"] = {};
  for (const name of Object.keys(ranking.slices)) {
    bySlice[name] = { ratings: errors?.slices[name] ?? null, ranking: ranking.slices[name] };
  }
  const { slices: _rankingSlices, ...overall } = ranking;
  const { slices: _popularitySlices, ...popularityOverall } = popularity;
  return {
    rmse: errors ? errors.rmse : null,
    mae: errors ? errors.mae : null,
    ranking: overall,
    baseline: { rmse: baselineErrors.rmse, mae: baselineErrors.mae, ranking: popularityOverall },
    slices: bySlice,
  };
}
