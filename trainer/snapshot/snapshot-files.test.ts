import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IdMap } from "../datasets/id-map.ts";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { describeSnapshot } from "./create-snapshot.ts";
import { readSnapshot, writeSnapshot } from "./snapshot-files.ts";
import type { TrainingRows } from "./training-rows.ts";

function sampleRows(rating = 4): TrainingRows {
  const ratings = new InteractionsBuilder();
  ratings.push(0, 1, rating, 1_000);
  ratings.push(1, 0, 2, 2_000);
  const watch = new InteractionsBuilder();
  watch.push(0, 0, 37, 3_000);
  return { users: IdMap.from(["42", "7"]), items: IdMap.from(["akira+1988", "m*a*s*h+1970"]), ratings: ratings.build(), watch: watch.build() };
}

describe("snapshot files", () => {
  test("describeSnapshot() names equal rows with equal ids and changed rows with another", () => {
    const a = describeSnapshot(sampleRows(), "test", null, {}, {});
    expect(describeSnapshot(sampleRows(), "test", null, {}, {}).id).toBe(a.id);
    expect(describeSnapshot(sampleRows(5), "test", null, {}, {}).id).not.toBe(a.id);
    expect(a.rows).toEqual({ ratings: 2, watch: 1 });
    expect(a.timeRange).toEqual({ from: 1_000, to: 3_000 });
  });

  test("readSnapshot() returns exactly the rows writeSnapshot() froze", () => {
    const root = mkdtempSync(join(tmpdir(), "snap-"));
    const rows = sampleRows();
    const meta = describeSnapshot(rows, "test", 5_000, { rule: 1 }, { short_watch_session: 2 });
    writeSnapshot(root, meta, rows);
    const back = readSnapshot(root, meta.id);
    expect(back.meta).toEqual(meta);
    expect(back.rows.users.ids).toEqual(["42", "7"]);
    expect(Array.from(back.rows.ratings.values)).toEqual([4, 2]);
    expect(Array.from(back.rows.watch.times)).toEqual([3_000]);
  });

  test("readSnapshot() refuses a snapshot whose files were changed", () => {
    const root = mkdtempSync(join(tmpdir(), "snap-"));
    const rows = sampleRows();
    const meta = describeSnapshot(rows, "test", null, {}, {});
    const dir = writeSnapshot(root, meta, rows);
    writeFileSync(join(dir, "ratings.values"), new Uint8Array(new Float32Array([5, 2]).buffer));
    expect(() => readSnapshot(root, meta.id)).toThrow(`Snapshot ${meta.id} is corrupt`);
  });
});
