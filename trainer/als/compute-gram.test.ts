import { describe, expect, test } from "bun:test";
import { Matrix } from "ml-matrix";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { computeGram } from "./compute-gram.ts";
import { splitRanges } from "./split-ranges.ts";

describe("computeGram()", () => {
  test("computeGram() in two ranges gives the same bits as one range, and matches ml-matrix", () => {
    const random = mulberry32(3);
    const k = 5;
    const f = Float64Array.from({ length: 40 * k }, () => random() - 0.5);
    const whole = new Float64Array(k * k);
    computeGram(f, k, whole, 0, k);
    const split = new Float64Array(k * k);
    for (const [start, end] of splitRanges(k, 2, (p) => p + 1)) computeGram(f, k, split, start, end);
    expect(split).toEqual(whole);
    const m = new Matrix(Array.from({ length: 40 }, (_, i) => Array.from(f.subarray(i * k, i * k + k))));
    const expected = m.transpose().mmul(m).to1DArray();
    for (let i = 0; i < k * k; i++) expect(whole[i]).toBeCloseTo(expected[i], 12);
  });

  test("splitRanges() covers every row once with contiguous ranges", () => {
    expect(splitRanges(10, 3, () => 1)).toEqual([[0, 3], [3, 7], [7, 10]]);
    // A heavy first row gets a range to itself.
    expect(splitRanges(10, 2, (r) => (r === 0 ? 9 : 1))).toEqual([[0, 1], [1, 10]]);
  });
});
