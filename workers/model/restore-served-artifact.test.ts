import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readArtifactDigest } from "../../infra/model/read-artifact-digest.ts";
import { corruptArtifact, writeCircleArtifact } from "../testing/circle-artifacts.ts";
import { loadServingModel } from "./load-serving-model.ts";
import { createModelManager } from "./model-manager.ts";
import { restoreServedArtifact } from "./restore-served-artifact.ts";
import { createServedArtifactMemory } from "./served-artifact-memory.ts";

const root = mkdtempSync(join(tmpdir(), "restore-served-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A memory that remembers `dir` (when given) as version `name` served, and a manager with no model yet. */
async function rememberServed(name: string, dir?: string) {
  const memory = createServedArtifactMemory(join(root, `state-${name}`, "served-artifact.json"), { digest: readArtifactDigest });
  if (dir) await memory.remember({ version: name, artifactPath: dir });
  return { memory, manager: createModelManager({ load: loadServingModel, registry: null }) };
}

describe("restoreServedArtifact", () => {
  test("restoreServedArtifact() serves the remembered artifact", async () => {
    const dir = await writeCircleArtifact(root, "v-a", "A");
    const { memory, manager } = await rememberServed("v-a", dir);
    expect(await restoreServedArtifact({ memory, manager, digest: readArtifactDigest, selector: "production" })).toEqual({ kind: "serving", version: "v-a", artifactPath: dir });
    expect(manager.current()?.version).toBe("v-a");
  });

  test("restoreServedArtifact() serves a worker pinned to a version only that version", async () => {
    const dir = await writeCircleArtifact(root, "v-p", "A");
    const { memory, manager } = await rememberServed("v-p", dir);
    expect(await restoreServedArtifact({ memory, manager, digest: readArtifactDigest, selector: "v-q" })).toEqual({
      kind: "refused", reason: `remembered artifact ${dir} is model v-p; this worker serves only v-q`,
    });
    expect(manager.current()).toBeNull();
    expect(await restoreServedArtifact({ memory, manager, digest: readArtifactDigest, selector: "v-p" })).toEqual({ kind: "serving", version: "v-p", artifactPath: dir });
  });

  test("restoreServedArtifact() says none when nothing was remembered", async () => {
    const { memory, manager } = await rememberServed("nothing");
    expect(await restoreServedArtifact({ memory, manager, digest: readArtifactDigest, selector: "production" })).toEqual({ kind: "none" });
  });

  test("restoreServedArtifact() refuses an artifact whose manifest changed since it was served", async () => {
    const dir = await writeCircleArtifact(root, "v-n", "A");
    const { memory, manager } = await rememberServed("v-n", dir);
    corruptArtifact(dir, "nan"); // rewrites manifest.json with a matching file sha256: only the digest sees it
    const outcome = await restoreServedArtifact({ memory, manager, digest: readArtifactDigest, selector: "production" });
    expect(outcome).toMatchObject({ kind: "refused", reason: expect.stringMatching(new RegExp(`^remembered artifact ${dir}: manifest sha256 is [0-9a-f]{64}, it was [0-9a-f]{64} when served$`)) });
    expect(manager.current()).toBeNull();
  });

  test("restoreServedArtifact() refuses an artifact whose files no longer match its manifest", async () => {
    const dir = await writeCircleArtifact(root, "v-s", "A");
    const { memory, manager } = await rememberServed("v-s", dir);
    corruptArtifact(dir, "sha256");
    expect(await restoreServedArtifact({ memory, manager, digest: readArtifactDigest, selector: "production" })).toMatchObject({ kind: "refused", reason: expect.stringContaining("sha256 is") });
    expect(manager.current()).toBeNull();
  });

  test("restoreServedArtifact() refuses a remembered artifact that is gone, or a record that is not one", async () => {
    const dir = join(root, "v-gone");
    const { memory, manager } = await rememberServed("v-gone", await writeCircleArtifact(root, "v-gone", "A"));
    rmSync(dir, { recursive: true });
    expect(await restoreServedArtifact({ memory, manager, digest: readArtifactDigest, selector: "production" })).toMatchObject({ kind: "refused", reason: expect.stringContaining(`remembered artifact ${dir}: ENOENT`) });
    writeFileSync(memory.file, "garbage");
    expect(await restoreServedArtifact({ memory, manager, digest: readArtifactDigest, selector: "production" })).toEqual({ kind: "refused", reason: `${memory.file}: not JSON` });
  });
});
