/**
 * Structural checks of an artifact that both the writer (before writing) and the
 * reader (before trusting) run. Each returns the first problem as a message naming
 * the file and the value, or null.
 */
import { expectedLengths, type ModelManifest } from "../../shared/model/manifest.ts";
import { ARTIFACT_FILE_KEYS, ARTIFACT_FILES } from "./artifact-arrays.ts";

/** Compares each manifest file entry with the dtype and element count the manifest's shape implies. */
export function checkDeclaredLengths(manifest: ModelManifest): string | null {
  const expected = expectedLengths(manifest);
  for (const key of ARTIFACT_FILE_KEYS) {
    const file = manifest.files[key];
    if (!file) continue;
    if (file.dtype !== ARTIFACT_FILES[key].dtype) {
      return `${file.path}: dtype is ${file.dtype}, ${key} must be ${ARTIFACT_FILES[key].dtype}`;
    }
    const want = expected[key];
    if (want !== undefined && file.length !== want) {
      return `${file.path}: manifest declares ${file.length} elements, ${key} needs ${want} (userCount ${manifest.userCount}, items ${manifest.itemIds.length}, rank ${manifest.rank})`;
    }
  }
  return null;
}

/** Finds the first NaN or ±Infinity in `values`; `start` is the element index of values[0] within the file. */
export function findNonFinite(values: Float32Array, file: string, start = 0): string | null {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // v - v is 0 for finite numbers and NaN for NaN and ±Infinity: one test for both.
    if (v - v !== 0) return `${file}: element ${start + i} is ${v}`;
  }
  return null;
}

/** Finds an offset below its predecessor among elements [from, to) of the seen offsets. */
export function findDecreasingOffset(offsets: Uint32Array, from: number, to: number, file: string): string | null {
  for (let u = Math.max(1, from); u < to; u++) {
    if (offsets[u] < offsets[u - 1]) return `${file}: offset ${u} is ${offsets[u]}, below offset ${u - 1} (${offsets[u - 1]})`;
  }
  return null;
}

/** Finds a seen item that names no item row among elements [from, to). */
export function findItemOutOfRange(items: Uint32Array, from: number, to: number, itemCount: number, file: string): string | null {
  for (let i = from; i < to; i++) {
    if (items[i] >= itemCount) return `${file}: element ${i} is ${items[i]}, there are ${itemCount} items`;
  }
  return null;
}

/** Checks the ends of the CSR seen index: offsets start at 0 and end at the item list's length. */
export function checkSeenEnds(offsets: Uint32Array, items: Uint32Array, files: { offsets: string; items: string }): string | null {
  if (offsets.length === 0) return `${files.offsets}: empty, needs userCount + 1 offsets`;
  if (offsets[0] !== 0) return `${files.offsets}: offset 0 is ${offsets[0]}, must be 0`;
  const last = offsets[offsets.length - 1];
  if (last !== items.length) return `${files.offsets}: last offset is ${last}, ${files.items} holds ${items.length} elements`;
  return null;
}

/** Finds a user whose seen item rows are not ascending: serving skips them with one pointer, in order. */
export function findUnsortedSeenRow(offsets: Uint32Array, items: Uint32Array, file: string): string | null {
  for (let u = 0; u + 1 < offsets.length; u++) {
    for (let e = offsets[u] + 1; e < offsets[u + 1]; e++) {
      if (items[e] < items[e - 1]) return `${file}: the seen items of user row ${u} are not ascending at element ${e}`;
    }
  }
  return null;
}

/** Checks the whole CSR seen index: non-decreasing offsets from 0 to the item list's length, ascending rows naming real items. */
export function checkSeenIndex(offsets: Uint32Array, items: Uint32Array, itemCount: number, files: { offsets: string; items: string }): string | null {
  return findDecreasingOffset(offsets, 0, offsets.length, files.offsets) ?? checkSeenEnds(offsets, items, files) ??
    findItemOutOfRange(items, 0, items.length, itemCount, files.items) ?? findUnsortedSeenRow(offsets, items, files.items);
}

/** Finds a repeated movie id: a reply must never list the same movie twice. */
export function findDuplicateItemId(itemIds: readonly string[]): string | null {
  const seen = new Set<string>();
  for (let i = 0; i < itemIds.length; i++) {
    if (seen.has(itemIds[i])) return `manifest.json: itemIds[${i}] ${JSON.stringify(itemIds[i])} appears twice`;
    seen.add(itemIds[i]);
  }
  return null;
}
