/** A model ready to answer requests: the artifact's arrays plus lookups built once at load. */
import type { ArtifactArrays } from "../../infra/model/artifact-arrays.ts";
import type { ModelManifest } from "../../shared/model/manifest.ts";
import { isMovieId } from "../../shared/movielog/movie-id.ts";
import { buildUserIndex, type UserIndex } from "./user-index.ts";

/** Everything scoring reads; immutable once built, so a request can keep using it after a swap. */
export type ServingModel = {
  readonly version: string;
  readonly manifest: ModelManifest;
  readonly rank: number;
  readonly itemCount: number;
  readonly itemIds: readonly string[];
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  /** Per-item bias; the user bias and global mean shift all of a user's scores equally, so ranking ignores them. */
  readonly itemBias: Float32Array | null;
  readonly users: UserIndex;
  readonly seenOffsets: Uint32Array;
  readonly seenItems: Uint32Array;
  /** The manifest's popular list without repeats: the answer for unknown users. */
  readonly popular: readonly string[];
  /** Per item row: 1 for the most popular movie falling linearly to 0 past the end of the popular list. */
  readonly popularity: Float32Array;
};

/**
 * Builds the serving form of a validated artifact; a repeated user id comes back as a reason.
 * `users` is the index when the caller built it already (in slices, between other work).
 */
export function buildServingModel(
  manifest: ModelManifest,
  arrays: ArtifactArrays,
  users?: UserIndex,
): { ok: true; model: ServingModel } | { ok: false; reason: string } {
  // The router refuses a reply holding a malformed id (a comma in one would even split it): refuse the model instead.
  const malformed = manifest.itemIds.find((id) => !isMovieId(id)) ?? manifest.popular.find((id) => !isMovieId(id));
  if (malformed !== undefined) return { ok: false, reason: `manifest.json: ${JSON.stringify(malformed.slice(0, 200))} is not a well-formed movie id` };
  const index = users ? { ok: true as const, index: users } : buildUserIndex(arrays.userIds);
  if (!index.ok) return index;
  const popular = [...new Set(manifest.popular)];
  const rankOf = new Map(popular.map((id, rank) => [id, rank]));
  const popularity = new Float32Array(manifest.itemIds.length);
  manifest.itemIds.forEach((id, row) => {
    const rank = rankOf.get(id);
    if (rank !== undefined) popularity[row] = 1 - rank / popular.length;
  });
  return {
    ok: true,
    model: {
      version: manifest.version,
      manifest,
      rank: manifest.rank,
      itemCount: manifest.itemIds.length,
      itemIds: manifest.itemIds,
      userFactors: arrays.userFactors,
      itemFactors: arrays.itemFactors,
      itemBias: arrays.itemBias ?? null,
      users: index.index,
      seenOffsets: arrays.seenOffsets,
      seenItems: arrays.seenItems,
      popular,
      popularity,
    },
  };
}
