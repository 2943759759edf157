import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomically } from "./write-file-atomically.ts";

describe("writeFileAtomically", () => {
  test("creates missing folders, replaces the old content and leaves no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-"));
    const file = join(dir, "nested", "state.json");
    await writeFileAtomically(file, "first");
    await writeFileAtomically(file, "second");
    expect(readFileSync(file, "utf8")).toBe("second");
    expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]);
  });

  test("concurrent writers each publish a whole text, never a mix", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-"));
    const file = join(dir, "shared.json");
    const texts = Array.from({ length: 20 }, (_, i) => String(i).repeat(10_000));
    await Promise.all(texts.map((text) => writeFileAtomically(file, text)));
    expect(texts).toContain(readFileSync(file, "utf8"));
    expect(readdirSync(dir)).toEqual(["shared.json"]);
  });

  test("applies the mode to the new file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-"));
    const file = join(dir, "secret");
    await writeFileAtomically(file, "x", { mode: 0o600 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test("a write that cannot happen throws and leaves the old file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atomic-"));
    const file = join(dir, "state.json");
    await writeFileAtomically(file, "kept");
    await expect(writeFileAtomically(join(file, "below-a-file"), "x")).rejects.toThrow();
    expect(readFileSync(file, "utf8")).toBe("kept");
  });
});
