import { describe, expect, test } from "bun:test";
import { topK } from "./top-k.ts";

describe("topK()", () => {
  test("topK() returns the best scores first, breaking ties by lower index", () => {
    expect(Array.from(topK([0.1, 0.9, 0.5, 0.9, NaN, 0.2], 3, (i) => i === 2))).toEqual([1, 3, 5]);
  });

  test("topK() returns fewer items when the catalogue is smaller than K", () => {
    expect(Array.from(topK([1, 3, 2], 10))).toEqual([1, 2, 0]);
  });

  test("topK() agrees with a full sort on many scores", () => {
    const scores = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 101) / 7);
    const expected = scores.map((s, i) => [s, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, 20).map((x) => x[1]);
    expect(Array.from(topK(scores, 20))).toEqual(expected);
  });
});
