/**
 * Fits the `explicit-knn-blend` model on one training set. The blend weights
 * must be fitted on predictions for ratings the components did not train on,
 * so one in `validationFolds` training rows is held out: the components are
 * fitted on the rest, the weights on the held-out rows, and the components
 * are then refitted on all training rows. Nothing outside `train` is read, so
 * a test fold never influences the weights. Deterministic like trainAls.
 */
import { assignFolds } from "../datasets/split-folds.ts";
import type { Interactions } from "../datasets/interactions.ts";
import { splitFold } from "../datasets/split-folds.ts";
import { itemCounts, userCounts } from "../evaluation/popularity-percentiles.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import type { AlsConfig } from "./als-config.ts";
import { blendFeatureCount } from "./blend-features.ts";
import type { BlendConfig } from "./blend-config.ts";
import { fitItemKnn } from "./item-knn.ts";
import { fitRidge } from "./fit-ridge.ts";
import { BLEND_COMPONENTS, type KnnBlend, knnBlendFeatures } from "./knn-blend.ts";
import { trainAls, type TrainAlsOptions } from "./train-als.ts";

/** Trains the blend; `options.onIteration` sees the final fit of the primary model only. */
export async function trainKnnBlend(
  train: Interactions,
  shape: { nUsers: number; nItems: number },
  als: AlsConfig,
  blend: BlendConfig,
  options: TrainAlsOptions = {},
): Promise<KnnBlend> {
  const folds = assignFolds(train.length, blend.validationFolds, mulberry32(als.seed ^ 0xb1e4d));
  const { train: fitting, test: validation } = splitFold(train, folds, 1);
  const held = await fitComponents(fitting, shape, { ...als, inject: "none" }, blend, { executor: options.executor });
  const features = knnBlendFeatures(held);
  const d = blendFeatureCount(BLEND_COMPONENTS);
  const x = new Float64Array(validation.length * d);
  for (let e = 0; e < validation.length; e++) x.set(features(validation.users[e], validation.items[e]), e * d);
  const weights = fitRidge(x, validation.values, d, blend.ridge);
  return { ...(await fitComponents(train, shape, als, blend, options)), weights };
}

async function fitComponents(
  train: Interactions,
  shape: { nUsers: number; nItems: number },
  als: AlsConfig,
  blend: BlendConfig,
  options: TrainAlsOptions,
): Promise<Omit<KnnBlend, "weights">> {
  // A release-demo fault goes into the primary model only, which is enough to spoil the blend.
  const explicit: AlsConfig = { ...als, model: "explicit" };
  const secondary = await trainAls(train, shape, { ...explicit, rank: blend.secondaryRank, inject: "none" }, { executor: options.executor });
  const primary = await trainAls(train, shape, explicit, options);
  const knn = fitItemKnn(train, shape, { neighbours: blend.neighbours, shrinkage: blend.shrinkage });
  return {
    primary, secondary, knn, clip: als.clip,
    userCounts: userCounts(train, shape.nUsers), itemCounts: itemCounts(train, shape.nItems),
  };
}
