/** The binary contents of a model artifact as typed arrays, one per manifest file, with their file names and types. */
import type { ModelFiles } from "../../shared/model/manifest.ts";

/** Typed arrays in the layout `shared/model/manifest.ts` describes. */
export type ArtifactArrays = {
  userFactors: Float32Array;
  itemFactors: Float32Array;
  userBias?: Float32Array;
  itemBias?: Float32Array;
  userIds: Uint32Array;
  seenOffsets: Uint32Array;
  seenItems: Uint32Array;
};

export type ArtifactFileKey = keyof ModelFiles;

/** File name and element type of each artifact file; the writer uses these names, the reader trusts the manifest. */
export const ARTIFACT_FILES: Record<ArtifactFileKey, { name: string; dtype: "f32" | "u32" }> = {
  userFactors: { name: "user-factors.f32", dtype: "f32" },
  itemFactors: { name: "item-factors.f32", dtype: "f32" },
  userBias: { name: "user-bias.f32", dtype: "f32" },
  itemBias: { name: "item-bias.f32", dtype: "f32" },
  userIds: { name: "user-ids.u32", dtype: "u32" },
  seenOffsets: { name: "seen-offsets.u32", dtype: "u32" },
  seenItems: { name: "seen-items.u32", dtype: "u32" },
};

/** Every file key, required ones first, in the order files are written and read. */
export const ARTIFACT_FILE_KEYS = Object.keys(ARTIFACT_FILES) as ArtifactFileKey[];

/** The bytes of a typed array (a view, no copy). */
export function bytesOf(array: Float32Array | Uint32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
