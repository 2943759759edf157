/**
 * The model artifact contract between the trainer (writer) and the workers
 * (reader). An artifact is a directory: `manifest.json` plus binary files, all
 * little-endian. Row i of the factor files belongs to the i-th id of the id files.
 * A change of layout is a new `formatVersion`.
 */
import { z } from "zod";

export const ARTIFACT_FORMAT_VERSION = 1;

/** Model versions are file- and URL-safe: they name directories, pools and headers. */
export const ModelVersion = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "model versions use letters, digits, '.', '_' or '-'");
export type ModelVersion = z.infer<typeof ModelVersion>;

/** One binary file of the artifact, with what a loader checks before trusting it. */
export const ArtifactFile = z.object({
  path: z.string().regex(/^[A-Za-z0-9._-]+$/, "artifact files live directly in the artifact directory"),
  dtype: z.enum(["f32", "u32"]),
  /** Element count (not bytes): rows × columns for matrices. */
  length: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ArtifactFile = z.infer<typeof ArtifactFile>;

export const ModelFiles = z.object({
  /** users × rank, row-major. */
  userFactors: ArtifactFile,
  /** items × rank, row-major. */
  itemFactors: ArtifactFile,
  /** Per-user and per-item biases (explicit models); absent for purely implicit models. */
  userBias: ArtifactFile.optional(),
  itemBias: ArtifactFile.optional(),
  /** External user ids, in row order. */
  userIds: ArtifactFile,
  /** What each user already watched or rated (CSR: offsets users+1, then each user's item rows ascending), excluded when serving. */
  seenOffsets: ArtifactFile,
  seenItems: ArtifactFile,
});
export type ModelFiles = z.infer<typeof ModelFiles>;

export const DataSnapshotRef = z.object({
  /** Content hash of the training rows: the same id means the same data. */
  id: z.string().min(1),
  source: z.string(),
  rows: z.record(z.string(), z.number().int().min(0)),
  timeRange: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  filters: z.record(z.string(), z.unknown()),
});
export type DataSnapshotRef = z.infer<typeof DataSnapshotRef>;

export const ModelManifest = z.object({
  formatVersion: z.literal(ARTIFACT_FORMAT_VERSION),
  version: ModelVersion,
  created: z.iso.datetime(),
  parentVersion: ModelVersion.nullable(),
  algorithm: z.object({
    name: z.enum(["als-explicit", "als-implicit", "popularity"]),
    hyperparameters: z.record(z.string(), z.unknown()),
  }),
  rank: z.number().int().min(1).max(1024),
  globalMean: z.number(),
  /** External movie ids (slugs), in item-row order; 27k ids fit comfortably in JSON. */
  itemIds: z.array(z.string().min(1)),
  userCount: z.number().int().min(0),
  files: ModelFiles,
  /** Most popular movies first: the answer for unknown users and the router's fallback. */
  popular: z.array(z.string().min(1)).min(1),
  snapshot: DataSnapshotRef,
  code: z.object({ commit: z.string(), dirty: z.boolean() }),
  runtime: z.object({ name: z.string(), version: z.string(), packages: z.record(z.string(), z.string()) }),
  metrics: z.record(z.string(), z.unknown()),
});
export type ModelManifest = z.infer<typeof ModelManifest>;

/** Sizes a manifest implies; a loader compares them with the files before use. */
export function expectedLengths(m: ModelManifest): Record<keyof ModelFiles, number | undefined> {
  const items = m.itemIds.length;
  return {
    userFactors: m.userCount * m.rank,
    itemFactors: items * m.rank,
    userBias: m.files.userBias ? m.userCount : undefined,
    itemBias: m.files.itemBias ? items : undefined,
    userIds: m.userCount,
    seenOffsets: m.userCount + 1,
    seenItems: undefined, // any length; checked against the last offset
  };
}
