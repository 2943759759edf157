import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { readArtifact } from "./read-artifact.ts";
import { writeArtifact } from "./write-artifact.ts";
import { type ModelManifest, tinyArtifact } from "./testing/tiny-artifact.ts";

const root = mkdtempSync(join(tmpdir(), "read-artifact-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const model = {
  items: { "akira+1988": [1, 0], "m*a*s*h+1970": [0, 1], "the+godfather+1972": [0.5, 0.5] },
  users: { 7: [1, 2], 9: [3, 4] },
  seen: { 7: ["akira+1988"], 9: [] },
  itemBias: { "akira+1988": 0.1 },
};

async function written(): Promise<string> {
  const dir = join(root, `a${n++}`);
  const { input, arrays } = tinyArtifact(model);
  await writeArtifact(dir, input, arrays);
  return dir;
}

function editManifest(dir: string, edit: (m: ModelManifest) => void) {
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  edit(m);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
}

/** Replaces a file and its recorded checksum, so only the content check can catch it. */
function replaceFile(dir: string, key: keyof ModelManifest["files"], data: Float32Array | Uint32Array) {
  const bytes = new Uint8Array(data.buffer);
  editManifest(dir, (m) => {
    const file = m.files[key]!;
    writeFileSync(join(dir, file.path), bytes);
    file.length = data.length;
    file.sha256 = createHash("sha256").update(bytes).digest("hex");
  });
}

async function reason(dir: string, chunkBytes?: number): Promise<string> {
  const result = await readArtifact(dir, { chunkBytes });
  if (result.ok) throw new Error("expected a refusal");
  return result.reason;
}

describe("readArtifact", () => {
  test("readArtifact() returns exactly the arrays writeArtifact() wrote", async () => {
    const dir = await written();
    const result = await readArtifact(dir, { chunkBytes: 6 }); // chunks ending inside elements
    if (!result.ok) throw new Error(result.reason);
    const { arrays, manifest } = result.artifact;
    expect(manifest.version).toBe("tiny-1");
    expect([...arrays.userFactors]).toEqual([1, 2, 3, 4]);
    expect([...arrays.itemFactors]).toEqual([1, 0, 0, 1, 0.5, 0.5]);
    expect([...arrays.itemBias!]).toEqual([Math.fround(0.1), 0, 0]);
    expect([...arrays.userIds]).toEqual([7, 9]);
    expect([...arrays.seenOffsets]).toEqual([0, 1, 1]);
    expect([...arrays.seenItems]).toEqual([0]);
  });

  test("readArtifact() refuses a file whose sha256 differs from the manifest", async () => {
    const dir = await written();
    const path = join(dir, "user-factors.f32");
    const bytes = readFileSync(path);
    bytes[0] ^= 1;
    writeFileSync(path, bytes);
    expect(await reason(dir)).toMatch(/user-factors\.f32: sha256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/);
  });

  test("readArtifact() refuses NaN and Infinity in factors, naming the element", async () => {
    const dir = await written();
    replaceFile(dir, "itemFactors", new Float32Array([1, 0, 0, 1, 0.5, NaN]));
    expect(await reason(dir, 8)).toBe(`artifact ${dir}: item-factors.f32: element 5 is NaN`);
    replaceFile(dir, "userFactors", new Float32Array([1, -Infinity, 3, 4]));
    expect(await reason(dir)).toBe(`artifact ${dir}: user-factors.f32: element 1 is -Infinity`);
  });

  test("readArtifact() refuses a declared length the manifest's shape does not imply", async () => {
    const dir = await written();
    replaceFile(dir, "userFactors", new Float32Array([1, 2, 3]));
    expect(await reason(dir)).toBe(`artifact ${dir}: user-factors.f32: manifest declares 3 elements, userFactors needs 4 (userCount 2, items 3, rank 2)`);
  });

  test("readArtifact() refuses a file whose byte size differs from its declared length", async () => {
    const dir = await written();
    writeFileSync(join(dir, "user-ids.u32"), new Uint8Array(12));
    expect(await reason(dir)).toBe(`artifact ${dir}: user-ids.u32: 12 bytes, 2 u32 elements need 8`);
  });

  test("readArtifact() refuses decreasing seen offsets, a wrong last offset and out-of-range seen items", async () => {
    const dir = await written();
    replaceFile(dir, "seenOffsets", new Uint32Array([0, 1, 0]));
    expect(await reason(dir)).toBe(`artifact ${dir}: seen-offsets.u32: offset 2 is 0, below offset 1 (1)`);
    replaceFile(dir, "seenOffsets", new Uint32Array([0, 1, 2]));
    expect(await reason(dir)).toBe(`artifact ${dir}: seen-offsets.u32: last offset is 2, seen-items.u32 holds 1 elements`);
    replaceFile(dir, "seenOffsets", new Uint32Array([0, 1, 1]));
    replaceFile(dir, "seenItems", new Uint32Array([3]));
    expect(await reason(dir)).toBe(`artifact ${dir}: seen-items.u32: element 0 is 3, there are 3 items`);
  });

  test("readArtifact() refuses a missing file, a manifest that fails the schema and duplicate movie ids", async () => {
    const dir = await written();
    rmSync(join(dir, "seen-items.u32"));
    expect(await reason(dir)).toContain("no such file");
    const other = await written();
    editManifest(other, (m) => void (m.rank = 0));
    expect(await reason(other)).toBe(`artifact ${other}: manifest.json: rank: Too small: expected number to be >=1`);
    editManifest(other, (m) => void (m.rank = 2, m.itemIds[2] = m.itemIds[0]));
    expect(await reason(other)).toBe(`artifact ${other}: manifest.json: itemIds[2] "akira+1988" appears twice`);
  });
});
