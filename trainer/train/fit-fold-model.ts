/**
 * Fits the model `--model` names on one fold's training rows: ALS alone, or
 * the ALS + item-kNN blend. Returns the ALS model that ranks and serves, and
 * the rating predictor the fold's RMSE is measured with.
 */
import type { AlsExecutor } from "../als/als-executor.ts";
import type { AlsConfig } from "../als/als-config.ts";
import type { AlsModel } from "../als/als-model.ts";
import { type BlendConfig, DEFAULT_BLEND_CONFIG } from "../als/blend-config.ts";
import { knnBlendPredictor } from "../als/knn-blend.ts";
import { predictRating } from "../als/predict-rating.ts";
import { type IterationReport, trainAls } from "../als/train-als.ts";
import { trainKnnBlend } from "../als/train-knn-blend.ts";
import type { Interactions } from "../datasets/interactions.ts";
import type { Predict } from "../evaluation/rating-errors.ts";
import type { FoldModel } from "./train-flags.ts";

export type FittedFoldModel = {
  /** Ranks items (top-K metrics); the primary ALS model of a blend. */
  readonly ranking: AlsModel;
  /** Predicts ratings for RMSE and MAE; null for the implicit model. */
  readonly predict: Predict | null;
};

/** Trains `model` on `train`; `onIteration` follows the (final) primary ALS fit. */
export async function fitFoldModel(
  train: Interactions,
  shape: { nUsers: number; nItems: number },
  setup: { model: FoldModel; als: AlsConfig; blend?: BlendConfig },
  options: { executor?: AlsExecutor; onIteration?: (report: IterationReport) => void },
): Promise<FittedFoldModel> {
  if (setup.model === "explicit-knn-blend") {
    const blend = await trainKnnBlend(train, shape, setup.als, setup.blend ?? DEFAULT_BLEND_CONFIG, options);
    return { ranking: blend.primary, predict: knnBlendPredictor(blend) };
  }
  const model = await trainAls(train, shape, { ...setup.als, model: setup.model }, options);
  return { ranking: model, predict: model.kind === "explicit" ? (u, i) => predictRating(model, u, i) : null };
}
