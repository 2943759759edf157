/** Hand-made artifacts for tests: a manifest input and arrays from plain literals. */
import { sampleManifest } from "../../../shared/model/testing/sample-manifest.ts";
import type { ModelManifest } from "../../../shared/model/manifest.ts";
import type { ArtifactArrays } from "../artifact-arrays.ts";
import type { ManifestInput } from "../write-artifact.ts";

export type TinyModel = {
  version?: string;
  /** Movie id → factor vector, in item-row order. */
  items: Record<string, number[]>;
  /** External user id → factor vector, in user-row order. */
  users: Record<number, number[]>;
  /** External user id → movie ids already seen. */
  seen?: Record<number, string[]>;
  itemBias?: Record<string, number>;
  popular?: string[];
};

/** Builds the manifest input and arrays of a tiny model. */
export function tinyArtifact(model: TinyModel): { input: ManifestInput; arrays: ArtifactArrays } {
  const itemIds = Object.keys(model.items);
  const userIds = Object.keys(model.users).map(Number);
  const rank = model.items[itemIds[0]].length;
  const row = (id: string) => itemIds.indexOf(id);
  const offsets = [0];
  const seenItems: number[] = [];
  for (const user of userIds) {
    seenItems.push(...(model.seen?.[user] ?? []).map(row).sort((a, b) => a - b));
    offsets.push(seenItems.length);
  }
  const arrays: ArtifactArrays = {
    userFactors: new Float32Array(userIds.flatMap((u) => model.users[u])),
    itemFactors: new Float32Array(itemIds.flatMap((i) => model.items[i])),
    userIds: new Uint32Array(userIds),
    seenOffsets: new Uint32Array(offsets),
    seenItems: new Uint32Array(seenItems),
  };
  if (model.itemBias) arrays.itemBias = new Float32Array(itemIds.map((i) => model.itemBias?.[i] ?? 0));
  const { files: _files, formatVersion: _format, ...base } = sampleManifest;
  const input = {
    ...base,
    version: model.version ?? "tiny-1",
    rank,
    itemIds,
    userCount: userIds.length,
    popular: model.popular ?? itemIds,
    algorithm: { name: "als-implicit", hyperparameters: { rank } },
  } as ManifestInput;
  return { input, arrays };
}

/** The manifest type, re-exported so tests that edit manifests on disk need one import. */
export type { ModelManifest };
