/**
 * Turns a trained model and its training rows into the artifact's arrays:
 * factors, numeric user ids, and the CSR of everything each user has seen
 * (watched or rated, disliked included) for serving to exclude.
 */
import type { ArtifactArrays } from "../../infra/model/artifact-arrays.ts";
import type { AlsModel } from "../als/als-model.ts";
import type { IdMap } from "../datasets/id-map.ts";
import type { Interactions } from "../datasets/interactions.ts";
import type { TrainingRows } from "../snapshot/training-rows.ts";

/** The arrays to write; throws naming the id when a user id is not a 32-bit unsigned number. */
export function artifactArraysFromModel(model: AlsModel, rows: TrainingRows): ArtifactArrays {
  const userIds = Uint32Array.from(rows.users.ids, (id) => {
    const n = Number(id);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`Cannot store user id ${JSON.stringify(id)} in an artifact: ids are 32-bit unsigned numbers`);
    return n;
  });
  const seen: Set<number>[] = Array.from({ length: rows.users.size }, () => new Set<number>());
  for (const data of [rows.watch, rows.ratings]) {
    for (let r = 0; r < data.length; r++) seen[data.users[r]].add(data.items[r]);
  }
  const seenOffsets = new Uint32Array(rows.users.size + 1);
  let total = 0;
  seen.forEach((items, u) => {
    total += items.size;
    seenOffsets[u + 1] = total;
  });
  const seenItems = new Uint32Array(total);
  seen.forEach((items, u) => seenItems.set([...items].sort((a, b) => a - b), seenOffsets[u]));
  return {
    userFactors: model.userFactors,
    itemFactors: model.itemFactors,
    ...(model.kind === "explicit" ? { userBias: model.userBias, itemBias: model.itemBias } : {}),
    userIds,
    seenOffsets,
    seenItems,
  };
}

/** The `count` items most users liked (one row per user and movie in `signal`), best first: the list for unknown users and the router's fallback. */
export function popularItems(signal: Interactions, items: IdMap, count: number): string[] {
  const users = new Float64Array(items.size);
  for (let r = 0; r < signal.length; r++) users[signal.items[r]]++;
  return Array.from(users.keys()).sort((a, b) => users[b] - users[a] || a - b).slice(0, count).map((i) => items.idAt(i));
}
