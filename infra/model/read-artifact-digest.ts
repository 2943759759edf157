/**
 * One value that pins a whole artifact: the sha256 of its manifest.json. The manifest
 * names the sha256 of every other file, and readArtifact checks each file against it, so
 * an equal digest and a good read mean the very artifact that was served before. A
 * process remembers an artifact by this digest instead of copying its files.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { createSha256 } from "./create-sha256.ts";
import { MAX_MANIFEST_BYTES } from "./read-artifact.ts";

/** The hex sha256 of `dir`/manifest.json; throws when it cannot be read or is over the manifest limit. */
export async function readArtifactDigest(dir: string): Promise<string> {
  const path = join(dir, "manifest.json");
  const { size } = await stat(path);
  if (size > MAX_MANIFEST_BYTES) throw new Error(`Cannot digest ${path}: ${size} bytes, the limit is ${MAX_MANIFEST_BYTES}`);
  const hash = createSha256();
  hash.update(await readFile(path));
  return hash.digestHex();
}
