/**
 * What the package step may write from a manifest into a Dockerfile and an image's
 * labels. A manifest is a file on a volume: whoever can write there could otherwise put
 * a quote, a newline and a new instruction (`RUN …`) into the image through its commit
 * or snapshot id. The model version is already bounded by the manifest schema
 * (shared/model/manifest.ts: letters, digits, '.', '_', '-').
 */
import { z } from "zod";
import type { ModelManifest } from "../../shared/model/manifest.ts";
import { CommandError } from "../cli/exit-codes.ts";

const COMMIT_RULE = 'a git commit in lowercase hex (7 to 64 digits) or "unknown"';
const SNAPSHOT_RULE = "1 to 128 lowercase letters, digits or '-'";

/**
 * A git commit in hex, abbreviated (7 digits at least, as `git log --oneline` shows) up to
 * a full SHA-1 (40) or SHA-256 (64) id; or "unknown", what the trainer records outside a
 * git checkout (infra/provenance/code-version.ts).
 */
export const ImageCodeCommit = z.union([z.string().regex(/^[0-9a-f]{7,64}$/), z.literal("unknown")], { error: `must be ${COMMIT_RULE}` });

/** A data snapshot id as the trainer names them (`snap-<hex>`). */
export const ImageSnapshotId = z.string().regex(/^[a-z0-9-]{1,128}$/, `must be ${SNAPSHOT_RULE}`);

/** What is wrong with the fields the package step writes into the image; empty when it may be packaged. */
export function packageInputProblems(manifest: ModelManifest): string[] {
  const shown = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return [
    ImageCodeCommit.safeParse(manifest.code.commit).success ? null : `code.commit ${shown(manifest.code.commit)} must be ${COMMIT_RULE}`,
    ImageSnapshotId.safeParse(manifest.snapshot.id).success ? null : `snapshot.id ${shown(manifest.snapshot.id)} must be ${SNAPSHOT_RULE}`,
  ].filter((p) => p !== null);
}

/** Refuses (exit 2) a manifest whose commit or snapshot id cannot be written into a Dockerfile as it is. */
export function assertPackageableManifest(manifest: ModelManifest): void {
  const problems = packageInputProblems(manifest);
  if (problems.length > 0) {
    throw new CommandError("refused", `the manifest of ${manifest.version} cannot be packaged: ${problems.join("; ")}`);
  }
}
