import { expect, test } from "bun:test";
import { recommendationConversions } from "./recommendation-conversions.ts";

test("recommendationConversions() credits a watch to the latest list before it, within the window", () => {
  const MIN = 60_000;
  const flags = recommendationConversions({
    from: 0, to: 200 * MIN,
    recommendations: [
      { time: 0, userId: 1, items: ["a"] }, // superseded by the next list before the watch
      { time: 5 * MIN, userId: 1, items: ["a", "b"] }, // converts
      { time: 0, userId: 2, items: ["c"] }, // watched, but 40 minutes later
      { time: 0, userId: 3, items: ["d"] }, // watched something else
    ],
    watches: [
      { time: 6 * MIN, userId: 1, movieId: "a" },
      { time: 40 * MIN, userId: 2, movieId: "c" },
      { time: 1 * MIN, userId: 3, movieId: "e" },
    ],
    ratings: [],
  });
  expect(flags).toEqual([false, true, false, false]);
});
