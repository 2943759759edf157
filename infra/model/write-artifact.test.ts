import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeArtifact } from "./write-artifact.ts";
import { tinyArtifact } from "./testing/tiny-artifact.ts";

const root = mkdtempSync(join(tmpdir(), "write-artifact-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const model = { items: { a: [1, 0], b: [0, 1] }, users: { 1: [1, 1] }, seen: { 1: ["b"] } };

describe("writeArtifact", () => {
  test("writeArtifact() writes the manifest and one file per array, with lengths and checksums", async () => {
    const { input, arrays } = tinyArtifact(model);
    const manifest = await writeArtifact(join(root, "ok"), input, arrays);
    expect(readdirSync(join(root, "ok")).sort()).toEqual(
      ["item-factors.f32", "manifest.json", "seen-items.u32", "seen-offsets.u32", "user-factors.f32", "user-ids.u32"],
    );
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.files.itemFactors).toMatchObject({ path: "item-factors.f32", dtype: "f32", length: 4 });
    expect(manifest.files.seenItems.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(root).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  test("writeArtifact() refuses to overwrite an existing artifact", async () => {
    const { input, arrays } = tinyArtifact(model);
    await writeArtifact(join(root, "twice"), input, arrays);
    await expect(writeArtifact(join(root, "twice"), input, arrays)).rejects.toThrow("the directory exists (artifacts are immutable)");
  });

  test("writeArtifact() refuses NaN factors and leaves no directory behind", async () => {
    const { input, arrays } = tinyArtifact(model);
    arrays.userFactors[1] = NaN;
    await expect(writeArtifact(join(root, "nan"), input, arrays)).rejects.toThrow("user-factors.f32: element 1 is NaN");
    expect(existsSync(join(root, "nan"))).toBe(false);
  });

  test("writeArtifact() refuses arrays whose lengths disagree with the manifest's shape", async () => {
    const { input, arrays } = tinyArtifact(model);
    arrays.itemFactors = new Float32Array(6);
    await expect(writeArtifact(join(root, "short"), input, arrays)).rejects.toThrow("item-factors.f32: manifest declares 6 elements, itemFactors needs 4");
  });

  test("writeArtifact() refuses a user whose seen items are not ascending", async () => {
    const { input, arrays } = tinyArtifact({ ...model, seen: { 1: ["a", "b"] } });
    arrays.seenItems = Uint32Array.from([1, 0]);
    await expect(writeArtifact(join(root, "unsorted"), input, arrays)).rejects.toThrow("seen-items.u32: the seen items of user row 0 are not ascending at element 1");
  });
});
