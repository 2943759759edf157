/**
 * Item-based neighbourhood model with baselines (Koren 2008, §2.2; Surprise's
 * KNNBaseline with `pearson_baseline` similarities): residuals of the bias
 * baseline, r − (μ + b_u + b_i), are correlated between every pair of items
 * over their common raters, and the correlation is shrunk towards zero by
 * (n − 1)/(n − 1 + shrinkage) so pairs with few common raters count less.
 * The dense nItems² Float32 matrix suits MovieLens-sized catalogues (ml-1m:
 * 55 MB); it is an evaluation model, not the served one.
 */
import type { Interactions } from "../datasets/interactions.ts";
import { fitBiasBaseline } from "../evaluation/bias-baseline.ts";
import { buildSparseRows, type SparseRows } from "./sparse-rows.ts";

export type ItemKnnOptions = {
  /** Neighbours per prediction: the k rated items most similar to the target. */
  readonly neighbours: number;
  /** Shrinkage of the similarity towards zero (Koren's λ₂ = 100). */
  readonly shrinkage: number;
};

/** A fitted item-kNN model: baselines, similarities and each user's training ratings. */
export type ItemKnn = {
  readonly nUsers: number;
  readonly nItems: number;
  readonly neighbours: number;
  readonly globalMean: number;
  readonly userBias: Float32Array;
  readonly itemBias: Float32Array;
  /** Row-major nItems × nItems shrunk Pearson-baseline similarities (0 on the diagonal). */
  readonly similarity: Float32Array;
  readonly byUser: SparseRows;
  /** Baseline residual r − b_ui of each entry of byUser. */
  readonly residual: Float64Array;
};

/** Fits baselines and item–item similarities on `train`. */
export function fitItemKnn(train: Interactions, shape: { nUsers: number; nItems: number }, options: ItemKnnOptions): ItemKnn {
  const { nUsers, nItems } = shape;
  const baseline = fitBiasBaseline(train, shape);
  const mu = baseline.globalMean;
  const base = (u: number, i: number) => mu + baseline.userBias[u] + baseline.itemBias[i];
  const byUser = buildSparseRows(train.users, train.items, train.values, nUsers);
  const byItem = buildSparseRows(train.items, train.users, train.values, nItems);
  // Baseline residual of each entry of byUser: read in the pair loop and by the predictor.
  const residual = new Float64Array(byUser.indices.length);
  for (let u = 0; u < nUsers; u++) {
    for (let e = byUser.indptr[u]; e < byUser.indptr[u + 1]; e++) {
      residual[e] = byUser.values[e] - base(u, byUser.indices[e]);
    }
  }
  const similarity = new Float32Array(nItems * nItems);
  const products = new Float64Array(nItems);
  const squaresI = new Float64Array(nItems);
  const squaresJ = new Float64Array(nItems);
  const common = new Int32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    products.fill(0);
    squaresI.fill(0);
    squaresJ.fill(0);
    common.fill(0);
    // Sums over the common raters of i and every j, one rater of i at a time.
    for (let f = byItem.indptr[i]; f < byItem.indptr[i + 1]; f++) {
      const u = byItem.indices[f];
      const ri = byItem.values[f] - base(u, i);
      for (let e = byUser.indptr[u]; e < byUser.indptr[u + 1]; e++) {
        const j = byUser.indices[e];
        const rj = residual[e];
        products[j] += ri * rj;
        squaresI[j] += ri * ri;
        squaresJ[j] += rj * rj;
        common[j]++;
      }
    }
    const row = i * nItems;
    for (let j = 0; j < nItems; j++) {
      const n = common[j];
      const denominator = Math.sqrt(squaresI[j] * squaresJ[j]);
      if (j === i || n < 2 || !(denominator > 0)) continue;
      similarity[row + j] = (products[j] / denominator) * ((n - 1) / (n - 1 + options.shrinkage));
    }
  }
  return {
    nUsers,
    nItems,
    neighbours: options.neighbours,
    globalMean: mu,
    userBias: baseline.userBias,
    itemBias: baseline.itemBias,
    similarity,
    byUser,
    residual,
  };
}
