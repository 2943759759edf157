/**
 * The global-mean-plus-biases baseline (r̂ = μ + b_u + b_i), fitted by a few
 * alternating regularised passes like Surprise's BaselineOnly (reg_u = 15,
 * reg_i = 10, 10 passes; RMSE 0.944 on ml-100k). Returned as a rank-0
 * AlsModel so the same prediction and ranking code scores it.
 */
import type { Interactions } from "../datasets/interactions.ts";
import type { AlsModel } from "../als/als-model.ts";

export type BiasBaselineOptions = {
  readonly userLambda: number;
  readonly itemLambda: number;
  readonly passes: number;
  readonly clip: readonly [number, number] | null;
};

export const DEFAULT_BIAS_BASELINE: BiasBaselineOptions = { userLambda: 15, itemLambda: 10, passes: 10, clip: [1, 5] };

/** Fits μ, b_u and b_i on `train`; with passes = 0 it is the global-mean baseline. */
export function fitBiasBaseline(
  train: Interactions,
  shape: { nUsers: number; nItems: number },
  options: BiasBaselineOptions = DEFAULT_BIAS_BASELINE,
): AlsModel {
  const { nUsers, nItems } = shape;
  let sum = 0;
  for (let e = 0; e < train.length; e++) sum += train.values[e];
  const mu = train.length > 0 ? sum / train.length : 0;
  const userBias = new Float64Array(nUsers);
  const itemBias = new Float64Array(nItems);
  const numerator = new Float64Array(Math.max(nUsers, nItems));
  const count = new Float64Array(Math.max(nUsers, nItems));
  for (let pass = 0; pass < options.passes; pass++) {
    numerator.fill(0);
    count.fill(0);
    for (let e = 0; e < train.length; e++) {
      const i = train.items[e];
      numerator[i] += train.values[e] - mu - userBias[train.users[e]];
      count[i]++;
    }
    for (let i = 0; i < nItems; i++) itemBias[i] = numerator[i] / (options.itemLambda + count[i]);
    numerator.fill(0);
    count.fill(0);
    for (let e = 0; e < train.length; e++) {
      const u = train.users[e];
      numerator[u] += train.values[e] - mu - itemBias[train.items[e]];
      count[u]++;
    }
    for (let u = 0; u < nUsers; u++) userBias[u] = numerator[u] / (options.userLambda + count[u]);
  }
  return {
    kind: "explicit",
    rank: 0,
    nUsers,
    nItems,
    globalMean: mu,
    userFactors: new Float32Array(0),
    itemFactors: new Float32Array(0),
    userBias: Float32Array.from(userBias),
    itemBias: Float32Array.from(itemBias),
    clip: options.clip,
  };
}
