/**
 * The worker's answer for one user: the top-k unseen movies by model score, with
 * the experimental paths the flags switch on. Pure: the model and flags come in,
 * ids and where they came from go out.
 */
import { selectBlendedItems } from "./blend-popularity.ts";
import type { Flags } from "./parse-flags.ts";
import { rerankMmr } from "./rerank-mmr.ts";
import { selectTopItems } from "./select-top-items.ts";
import type { ServingModel } from "./serving-model.ts";
import { findUserRow } from "./user-index.ts";

/** Movie ids, best first; `source` says whether the model ranked them or the popular list stood in. */
export type Recommendation = { ids: string[]; source: "model" | "popular" };

export const DEFAULT_MMR_LAMBDA = 0.7;
/** MMR chooses among this many top-scored candidates: enough to diversify, small enough to stay cheap. */
export const MMR_CANDIDATES = 100;

/** Recommends up to `k` distinct movies for external user `userId`; unknown users get the popular list. */
export function recommendTopK(model: ServingModel, userId: number, k: number, flags: Flags): Recommendation {
  const row = findUserRow(model.users, userId);
  const popular = (): Recommendation => ({ ids: model.popular.slice(0, k), source: "popular" });
  if (row < 0) return popular();
  const mmr = flags.rerank === "mmr";
  const count = mmr ? Math.max(k, MMR_CANDIDATES) : k;
  const candidates = flags.popularityBlend
    ? selectBlendedItems(model, row, count, flags.popularityBlend)
    : selectTopItems(model, row, count);
  const rows = mmr
    ? rerankMmr(candidates, k, flags.mmrLambda ?? DEFAULT_MMR_LAMBDA, (item) => itemVector(model, item))
    : candidates.items;
  // A user who has seen every movie still gets an answer: one line with at least one id.
  if (rows.length === 0) return popular();
  return { ids: Array.from(rows, (item) => model.itemIds[item]), source: "model" };
}

function itemVector(model: ServingModel, item: number): Float32Array {
  return model.itemFactors.subarray(item * model.rank, (item + 1) * model.rank);
}
