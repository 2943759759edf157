/**
 * Hyperparameters of the `explicit-knn-blend` rating model (train-knn-blend.ts):
 * the second, low-rank ALS model, the item-kNN model and how the blend
 * weights are fitted. Chosen on a validation split of ml-100k's u1.base only
 * (never a test fold); see bench/train.bench.ts for the figures.
 */
import { z } from "zod";

export const BlendConfig = z.object({
  /**
   * Rank of the second ALS model (its other hyperparameters are the primary's).
   * Alone, rank 8 predicts about as well as rank 64, but its errors differ, and
   * on u1.base's validation split it adds more to the blend than rank 2, 16 or 64.
   */
  secondaryRank: z.number().int().min(1).max(1024).default(8),
  /** Neighbours per item-kNN prediction (Surprise's KNNBaseline default). */
  neighbours: z.number().int().min(1).max(1000).default(40),
  /** Shrinkage of item–item similarities (Koren 2008's λ₂). */
  shrinkage: z.number().min(0).default(100),
  /** One in this many training rows is held out to fit the blend weights. */
  validationFolds: z.number().int().min(2).max(100).default(10),
  /** Ridge penalty of the blend weights' least-squares fit. */
  ridge: z.number().min(0).default(1),
});
export type BlendConfig = z.infer<typeof BlendConfig>;

/** The defaults, for callers that only override a few fields. */
export const DEFAULT_BLEND_CONFIG: BlendConfig = BlendConfig.parse({});
