/** Serving models from plain literals, for scoring tests. */
import { type TinyModel, tinyArtifact } from "../../../infra/model/testing/tiny-artifact.ts";
import type { ModelManifest } from "../../../shared/model/manifest.ts";
import { sampleManifest } from "../../../shared/model/testing/sample-manifest.ts";
import { buildServingModel, type ServingModel } from "../serving-model.ts";

/** Builds a ServingModel straight from a tiny model (no files; the manifest's file entries are placeholders). */
export function tinyServingModel(model: TinyModel): ServingModel {
  const { input, arrays } = tinyArtifact(model);
  const manifest = { ...input, formatVersion: 1, files: sampleManifest.files } as ModelManifest;
  const built = buildServingModel(manifest, arrays);
  if (!built.ok) throw new Error(built.reason);
  return built.model;
}

/**
 * Five movies on the unit circle (rank 2). User 10 likes the x axis, 20 the y
 * axis, 30 both (and has seen a and c), 40 has seen everything.
 */
export const CIRCLE: TinyModel = {
  items: { a: [1, 0], b: [0.8, 0.6], c: [0, 1], d: [0.6, 0.8], e: [-1, 0] },
  users: { 10: [1, 0], 20: [0, 1], 30: [1, 1], 40: [1, 0] },
  seen: { 30: ["a", "c"], 40: ["e", "d", "c", "b", "a"] },
  popular: ["d", "c", "a", "b", "e"],
};
