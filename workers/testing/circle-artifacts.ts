/**
 * Artifacts on disk for worker integration tests: the CIRCLE model (see
 * scoring/testing) as version "A" or with users 10 and 20 swapped as "B", so a
 * reply shows which model made it, plus ways to break an artifact.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeArtifact } from "../../infra/model/write-artifact.ts";
import { tinyArtifact } from "../../infra/model/testing/tiny-artifact.ts";
import type { ModelManifest } from "../../shared/model/manifest.ts";
import { CIRCLE } from "../scoring/testing/tiny-serving-model.ts";

/** What each variant answers for users 10 and 20 (all five movies, none seen). */
export const EXPECTED = {
  A: { 10: "a,b,d,c,e", 20: "c,d,b,a,e" },
  B: { 10: "c,d,b,a,e", 20: "a,b,d,c,e" },
} as const;
export const POPULAR_LINE = "d,c,a,b,e";

/** Writes variant `variant` of the circle model as `version` into `root/<version>`; returns the directory. */
export async function writeCircleArtifact(root: string, version: string, variant: "A" | "B"): Promise<string> {
  const users = variant === "A" ? CIRCLE.users : { ...CIRCLE.users, 10: CIRCLE.users[20], 20: CIRCLE.users[10] };
  const { input, arrays } = tinyArtifact({ ...CIRCLE, users, version });
  const dir = join(root, version);
  await writeArtifact(dir, input, arrays);
  return dir;
}

/** Breaks an artifact the way `how` says: a flipped byte (bad sha256), a NaN with a matching sha256, or a truncated file. */
export function corruptArtifact(dir: string, how: "sha256" | "nan" | "length"): void {
  const manifest: ModelManifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  if (how === "sha256") {
    const path = join(dir, manifest.files.userFactors.path);
    const bytes = readFileSync(path);
    bytes[1] ^= 0x40;
    writeFileSync(path, bytes);
  } else if (how === "nan") {
    const file = manifest.files.itemFactors;
    const values = new Float32Array(readFileSync(join(dir, file.path)).buffer.slice(0));
    values[3] = NaN;
    const bytes = new Uint8Array(values.buffer);
    writeFileSync(join(dir, file.path), bytes);
    file.sha256 = createHash("sha256").update(bytes).digest("hex");
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  } else {
    const path = join(dir, manifest.files.userIds.path);
    writeFileSync(path, readFileSync(path).subarray(0, 8));
  }
}
