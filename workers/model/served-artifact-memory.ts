/**
 * What a worker remembers across restarts: the artifact it served last, so that a start
 * while the registry is unreachable serves it again instead of nothing. The record is a
 * few hundred bytes of JSON in the worker's state directory (WORKER_STATE_DIR), naming the
 * artifact's directory, version and manifest sha256; the artifact's files stay where the
 * registry put them. It is written whole or not at all (temporary file, fsync, rename), and
 * read as hostile input: a file someone edited or truncated is a reason, never a crash.
 */
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { writeFileAtomically } from "../../infra/files/write-file-atomically.ts";
import { z } from "zod";
import { ModelVersion } from "../../shared/model/manifest.ts";

/** The name of the record inside the worker's state directory. */
export const SERVED_ARTIFACT_FILE = "served-artifact.json";

export const ServedArtifact = z.strictObject({
  formatVersion: z.literal(1),
  version: ModelVersion,
  /** The artifact directory, absolute. */
  artifactPath: z.string().min(1).max(4096),
  /** sha256 of the artifact's manifest.json (infra/model/read-artifact-digest.ts). */
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits"),
  servedAt: z.iso.datetime(),
});
export type ServedArtifact = z.infer<typeof ServedArtifact>;

export type RecallResult =
  | { readonly kind: "none" }
  | { readonly kind: "found"; readonly record: ServedArtifact }
  | { readonly kind: "unreadable"; readonly reason: string };

export type ServedArtifactMemory = {
  /** The file holding the record. */
  readonly file: string;
  /** The artifact served last, if a usable record exists. Never throws. */
  recall(): Promise<RecallResult>;
  /** Records that the artifact in `artifactPath` (version `version`) is serving now; rejects when it cannot be written. */
  remember(served: { version: string; artifactPath: string }): Promise<void>;
};

export type ServedArtifactMemoryDeps = {
  /** The artifact's digest; readArtifactDigest in production. */
  digest(dir: string): Promise<string>;
  now?(): Date;
};

/** A record far larger than this is not one the worker wrote. */
const MAX_RECORD_BYTES = 64 * 1024;

/** The memory kept in `file`. Writes run one at a time, in the order asked, so the last swap wins. */
export function createServedArtifactMemory(file: string, deps: ServedArtifactMemoryDeps): ServedArtifactMemory {
  const now = deps.now ?? (() => new Date());
  let writes: Promise<unknown> = Promise.resolve();
  return {
    file,
    recall: () => recallServedArtifact(file),
    remember(served) {
      const write = writes.then(async () => {
        const artifactPath = resolve(served.artifactPath);
        const record = ServedArtifact.parse({
          formatVersion: 1, version: served.version, artifactPath, manifestSha256: await deps.digest(artifactPath), servedAt: now().toISOString(),
        });
        await writeFileAtomically(file, JSON.stringify(record) + "\n");
      });
      writes = write.catch(() => {});
      return write;
    },
  };
}

/** Reads and validates the record in `file`. */
export async function recallServedArtifact(file: string): Promise<RecallResult> {
  let text: string;
  try {
    const { size } = await stat(file);
    if (size > MAX_RECORD_BYTES) return { kind: "unreadable", reason: `${file}: ${size} bytes, a record holds at most ${MAX_RECORD_BYTES}` };
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "none" };
    return { kind: "unreadable", reason: `${file}: ${error instanceof Error ? error.message : error}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "unreadable", reason: `${file}: not JSON` };
  }
  const parsed = ServedArtifact.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "unreadable", reason: `${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  return { kind: "found", record: parsed.data };
}

