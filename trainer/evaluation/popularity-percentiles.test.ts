import { describe, expect, test } from "bun:test";
import { popularityPercentiles } from "./popularity-percentiles.ts";

describe("popularityPercentiles()", () => {
  test("popularityPercentiles() gives mid-rank percentiles with shared ranks for ties", () => {
    expect(Array.from(popularityPercentiles(Int32Array.from([5, 1, 1, 9])))).toEqual([2 / 3, 0.5 / 3, 0.5 / 3, 1]);
  });
});
