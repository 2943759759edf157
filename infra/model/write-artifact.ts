/**
 * Writes a model artifact atomically: every file goes into a temporary sibling
 * directory, which is renamed into place once complete, so a reader never sees
 * half an artifact. Runtime-neutral (node:fs, node:crypto): the trainer writes, tests write.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, open, rename, rm } from "node:fs/promises";
import { endianness } from "node:os";
import { basename, dirname, join } from "node:path";
import { ARTIFACT_FORMAT_VERSION, type ArtifactFile, ModelManifest } from "../../shared/model/manifest.ts";
import { ARTIFACT_FILE_KEYS, ARTIFACT_FILES, type ArtifactArrays, bytesOf } from "./artifact-arrays.ts";
import { createSha256 } from "./create-sha256.ts";
import { checkDeclaredLengths, checkSeenIndex, findDuplicateItemId, findNonFinite } from "./check-artifact.ts";

/** Everything in a manifest except what the writer derives from the arrays. */
export type ManifestInput = Omit<ModelManifest, "files" | "formatVersion">;

/** Writes `arrays` and their manifest to the new directory `dir`; returns the manifest. Throws on invalid data or an existing `dir`. */
export async function writeArtifact(dir: string, input: ManifestInput, arrays: ArtifactArrays): Promise<ModelManifest> {
  if (endianness() !== "LE") throw new Error(`Cannot write an artifact on a ${endianness()} host: the format is little-endian`);
  const manifest = describe(input, arrays);
  const problem = validate(manifest, arrays);
  if (problem) throw new Error(`Cannot write artifact ${dir}: ${problem}`);
  if (existsSync(dir)) throw new Error(`Cannot write artifact ${dir}: the directory exists (artifacts are immutable)`);
  await mkdir(dirname(dir), { recursive: true });
  const temp = await mkdtemp(join(dirname(dir), `.${basename(dir)}.tmp-`));
  try {
    for (const key of ARTIFACT_FILE_KEYS) {
      const array = arrays[key];
      if (array) await writeDurably(join(temp, ARTIFACT_FILES[key].name), bytesOf(array));
    }
    await writeDurably(join(temp, "manifest.json"), new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n"));
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}

function describe(input: ManifestInput, arrays: ArtifactArrays): ModelManifest {
  const files: Record<string, ArtifactFile> = {};
  for (const key of ARTIFACT_FILE_KEYS) {
    const array = arrays[key];
    if (!array) continue;
    const { name, dtype } = ARTIFACT_FILES[key];
    const hash = createSha256();
    hash.update(bytesOf(array));
    files[key] = { path: name, dtype, length: array.length, sha256: hash.digestHex() };
  }
  return { ...input, formatVersion: ARTIFACT_FORMAT_VERSION, files: files as ModelManifest["files"] };
}

function validate(manifest: ModelManifest, arrays: ArtifactArrays): string | null {
  const parsed = ModelManifest.safeParse(manifest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `manifest.json: ${issue.path.join(".")}: ${issue.message}`;
  }
  for (const key of ["userFactors", "itemFactors", "userBias", "itemBias"] as const) {
    const array = arrays[key];
    const problem = array ? findNonFinite(array, ARTIFACT_FILES[key].name) : null;
    if (problem) return problem;
  }
  const { seenOffsets, seenItems } = ARTIFACT_FILES;
  return checkDeclaredLengths(manifest) ?? findDuplicateItemId(manifest.itemIds) ??
    checkSeenIndex(arrays.seenOffsets, arrays.seenItems, manifest.itemIds.length, { offsets: seenOffsets.name, items: seenItems.name });
}

async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(bytes);
    await handle.sync(); // the rename must not publish files whose data is still in the page cache only
  } finally {
    await handle.close();
  }
}
