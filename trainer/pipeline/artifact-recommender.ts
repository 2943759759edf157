/**
 * A stored model (an artifact, e.g. production's) as an offline recommender in
 * another run's id space, so the candidate and production are scored on the same
 * held-out rows. Movies production never saw cannot be recommended by it; users
 * it never saw get its popular list, as they would when served.
 */
import type { Artifact } from "../../infra/model/read-artifact.ts";
import type { IdMap } from "../datasets/id-map.ts";
import type { Recommend } from "../evaluation/evaluate-ranking.ts";
import { topK } from "../evaluation/top-k.ts";

/** Adapts `artifact` to rank the items of `items` for the users of `users`. */
export function artifactRecommender(artifact: Artifact, users: IdMap, items: IdMap): Recommend {
  const { manifest, arrays } = artifact;
  const k = manifest.rank;
  const rowOfUser = new Map<number, number>();
  arrays.userIds.forEach((id, row) => rowOfUser.set(id, row));
  const producedItem = new Int32Array(items.size).fill(-1);
  manifest.itemIds.forEach((id, row) => {
    const index = items.indexOf(id);
    if (index !== undefined) producedItem[index] = row;
  });
  const popular = manifest.popular.map((id) => items.indexOf(id)).filter((i): i is number => i !== undefined);
  const scores = new Float64Array(items.size);
  return (user, count, excluded) => {
    const row = rowOfUser.get(Number(users.idAt(user)));
    if (row === undefined) return Int32Array.from(popular.filter((i) => !excluded(i)).slice(0, count));
    const x = arrays.userFactors.subarray(row * k, row * k + k);
    for (let i = 0; i < items.size; i++) {
      const p = producedItem[i];
      if (p < 0) {
        scores[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      let s = arrays.itemBias ? arrays.itemBias[p] : 0;
      for (let d = 0; d < k; d++) s += x[d] * arrays.itemFactors[p * k + d];
      scores[i] = s;
    }
    return topK(scores, count, excluded);
  };
}

/** Whether the stored model had already seen (trained on) `item` for `user`, in this run's id space. */
export function artifactSeen(artifact: Artifact, users: IdMap, items: IdMap): (user: number, item: number) => boolean {
  const { manifest, arrays } = artifact;
  const rowOfUser = new Map<number, number>();
  arrays.userIds.forEach((id, row) => rowOfUser.set(id, row));
  const ownItem = new Int32Array(items.size).fill(-1);
  manifest.itemIds.forEach((id, row) => {
    const index = items.indexOf(id);
    if (index !== undefined) ownItem[index] = row;
  });
  return (user, item) => {
    const row = rowOfUser.get(Number(users.idAt(user)));
    const target = ownItem[item];
    if (row === undefined || target < 0) return false;
    for (let e = arrays.seenOffsets[row]; e < arrays.seenOffsets[row + 1]; e++) if (arrays.seenItems[e] === target) return true;
    return false;
  };
}
