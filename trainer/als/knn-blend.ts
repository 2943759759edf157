/**
 * The `explicit-knn-blend` rating model: two ALS models (rank 64 and a low
 * rank) and an item-kNN model, combined by linear weights on blend features
 * (blend-features.ts) and clipped to the rating range. The blend predicts
 * ratings only; ranking uses the primary ALS model, which is also what the
 * production artifact would carry.
 */
import type { AlsModel } from "./als-model.ts";
import { blendFeatureCount, blendFeatures, supportOf } from "./blend-features.ts";
import type { ItemKnn } from "./item-knn.ts";
import { itemKnnPredictor } from "./item-knn-predictor.ts";
import { predictRating } from "./predict-rating.ts";

/** The fitted components, the support counts of their training rows, and the weights. */
export type KnnBlend = {
  readonly primary: AlsModel;
  readonly secondary: AlsModel;
  readonly knn: ItemKnn;
  /** Training ratings per user and per item, the support features. */
  readonly userCounts: Int32Array;
  readonly itemCounts: Int32Array;
  /** One weight per feature; empty while the weights are being fitted. */
  readonly weights: Float64Array;
  readonly clip: readonly [number, number];
};

/** Number of component predictions the blend combines. */
export const BLEND_COMPONENTS = 3;

/**
 * Returns a function that writes the blend features of (user, item) into a
 * reused buffer. Components predict unclipped: clipping each would hide how
 * far out of range it went, which the weights can use.
 */
export function knnBlendFeatures(blend: Omit<KnnBlend, "weights">): (user: number, item: number) => Float64Array {
  const primary = { ...blend.primary, clip: null };
  const secondary = { ...blend.secondary, clip: null };
  const knn = itemKnnPredictor(blend.knn);
  const predictions = new Float64Array(BLEND_COMPONENTS);
  const out = new Float64Array(blendFeatureCount(BLEND_COMPONENTS));
  return (user, item) => {
    predictions[0] = predictRating(primary, user, item);
    predictions[1] = predictRating(secondary, user, item);
    predictions[2] = knn(user, item);
    const userSupport = supportOf(user >= 0 && user < blend.userCounts.length ? blend.userCounts[user] : 0);
    const itemSupport = supportOf(item >= 0 && item < blend.itemCounts.length ? blend.itemCounts[item] : 0);
    return blendFeatures(predictions, userSupport, itemSupport, out);
  };
}

/** Returns the blend's clipped rating predictor (not reentrant: it reuses scratch buffers). */
export function knnBlendPredictor(blend: KnnBlend): (user: number, item: number) => number {
  const features = knnBlendFeatures(blend);
  const { weights, clip } = blend;
  return (user, item) => {
    const x = features(user, item);
    let score = 0;
    for (let p = 0; p < weights.length; p++) score += weights[p] * x[p];
    return Math.min(clip[1], Math.max(clip[0], score));
  };
}
