import { afterAll, describe, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readArtifactDigest } from "./read-artifact-digest.ts";

const root = mkdtempSync(join(tmpdir(), "artifact-digest-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("readArtifactDigest", () => {
  test("readArtifactDigest() is the sha256 of manifest.json, and changes with it", async () => {
    const dir = join(root, "v1");
    mkdirSync(dir);
    writeFileSync(join(dir, "manifest.json"), '{"version":"v1"}\n');
    const before = await readArtifactDigest(dir);
    expect(before).toBe(createHash("sha256").update('{"version":"v1"}\n').digest("hex"));
    appendFileSync(join(dir, "manifest.json"), " ");
    expect(await readArtifactDigest(dir)).not.toBe(before);
  });

  test("readArtifactDigest() throws naming the file when the artifact is gone", async () => {
    await expect(readArtifactDigest(join(root, "missing"))).rejects.toThrow(join(root, "missing", "manifest.json"));
  });
});
