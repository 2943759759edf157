import { describe, expect, test } from "bun:test";
import { selectTopItems } from "./select-top-items.ts";
import { tinyServingModel } from "./testing/tiny-serving-model.ts";

describe("selectTopItems", () => {
  test("selectTopItems() agrees with scoring every item and sorting, minus seen items", () => {
    let state = 11;
    const next = () => ((state = (state * 48271) % 2147483647) / 2147483647) * 2 - 1;
    const rank = 7; // not a multiple of four: exercises the dot product's tail
    const items = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`m${i}`, Array.from({ length: rank }, next)]));
    const users = Object.fromEntries(Array.from({ length: 20 }, (_, u) => [u * 3, Array.from({ length: rank }, next)]));
    const seen = Object.fromEntries(Array.from({ length: 20 }, (_, u) => [u * 3, Array.from({ length: u * 5 }, () => `m${Math.floor((next() + 1) * 150)}`)]));
    const model = tinyServingModel({ items, users, seen });
    for (let row = 0; row < 20; row++) {
      const excluded = new Set(seen[row * 3].map((id) => Number(id.slice(1))));
      const user = model.userFactors.subarray(row * rank, (row + 1) * rank);
      const naive = Array.from({ length: 300 }, (_, i) => ({ i, s: user.reduce((sum, x, p) => sum + x * model.itemFactors[i * rank + p], 0) }))
        .filter((e) => !excluded.has(e.i)).sort((a, b) => b.s - a.s).slice(0, 20).map((e) => e.i);
      expect([...selectTopItems(model, row, 20).items]).toEqual(naive);
    }
  });
});
