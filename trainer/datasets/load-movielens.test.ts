import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMovielensFold } from "./load-movielens.ts";

describe("loadMovielensFold()", () => {
  test("loadMovielensFold() uses published folds and shares ids between train and test", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ml-"));
    writeFileSync(join(dir, "u2.base"), "1\t10\t4\t1\n2\t11\t3\t2\nbad line\n");
    writeFileSync(join(dir, "u2.test"), "2\t10\t5\t3\n3\t12\t1\t4\n");
    const fold = await loadMovielensFold(dir, 2, 5, 0);
    expect(fold.train.length).toBe(2);
    expect(Array.from(fold.test.users)).toEqual([1, 2]);
    expect(Array.from(fold.test.items)).toEqual([0, 2]);
    expect(fold.rejections).toEqual([
      { file: join(dir, "u2.base"), line: 3, reason: "wrong_field_count", detail: 'expected 4 fields separated by "\\t", found 1' },
    ]);
  });

  test("loadMovielensFold() splits an unsplit ratings.dat into seeded folds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ml-"));
    writeFileSync(join(dir, "ratings.dat"), Array.from({ length: 10 }, (_, i) => `${i}::${i % 3}::4::0`).join("\n"));
    const folds = await Promise.all([1, 2, 3, 4, 5].map((f) => loadMovielensFold(dir, f, 5, 7)));
    expect(folds.map((f) => f.test.length)).toEqual([2, 2, 2, 2, 2]);
    expect(folds.every((f) => f.train.length === 8)).toBe(true);
  });

  const ml100k = join(import.meta.dir, "..", "..", "..", "shared", "data", "ml-100k");
  test("loadMovielensFold() reads ml-100k fold 1 without rejections (when the data is present)", async () => {
    if (!existsSync(join(ml100k, "u1.base"))) {
      console.log(`skipped: no ml-100k at ${ml100k}`);
      return;
    }
    const fold = await loadMovielensFold(ml100k, 1, 5, 0);
    expect([fold.train.length, fold.test.length, fold.rejections.length]).toEqual([80_000, 20_000, 0]);
    expect([fold.users.size, fold.items.size]).toEqual([943, 1682]);
  });
});
