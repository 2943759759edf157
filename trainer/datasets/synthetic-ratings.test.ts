import { describe, expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { syntheticRatings } from "./synthetic-ratings.ts";

describe("syntheticRatings()", () => {
  const options = { users: 30, items: 20, ratings: 200, rank: 2, noise: 0.2 };

  test("syntheticRatings() draws distinct whole-star ratings, the same for the same seed", () => {
    const a = syntheticRatings(options, mulberry32(9));
    expect(a.length).toBe(200);
    expect(new Set(Array.from(a.users, (u, e) => u * 20 + a.items[e])).size).toBe(200);
    expect(a.values.every((v) => Number.isInteger(v) && v >= 1 && v <= 5)).toBe(true);
    expect(syntheticRatings(options, mulberry32(9))).toEqual(a);
  });

  test("syntheticRatings() refuses to draw more than half of all pairs", () => {
    expect(() => syntheticRatings({ ...options, ratings: 301 }, mulberry32(1))).toThrow("at most half");
  });
});
