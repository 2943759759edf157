import { describe, expect, test } from "bun:test";
import { dot } from "./dot.ts";

describe("dot()", () => {
  test("dot() matches a plain sum for lengths that are not multiples of four", () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const b = Float64Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(dot(a, 0, b, 0, 9)).toBe(165);
    expect(dot(a, 2, b, 1, 6)).toBe(3 * 8 + 4 * 7 + 5 * 6 + 6 * 5 + 7 * 4 + 8 * 3);
  });
});
