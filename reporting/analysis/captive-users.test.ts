import { expect, test } from "bun:test";
import type { AnalysisInput } from "./analysis-input.ts";
import { captiveUsers } from "./captive-users.ts";

const MIN = 60_000;
const list = (time: number, userId: number, items: string[]) => ({ time, userId, items });
const watch = (time: number, userId: number, movieId: string) => ({ time, userId, movieId });

test("captiveUsers() finds users whose every watch is the top unseen movie of their latest list", () => {
  const input: AnalysisInput = {
    from: 0, to: 100 * MIN,
    recommendations: [
      // User 1 follows the list down as it is shown again and again.
      list(0, 1, ["a", "b", "c"]), list(10 * MIN, 1, ["a", "b", "c"]), list(20 * MIN, 1, ["a", "b", "c"]),
      // User 2 picks the second movie once.
      list(0, 2, ["a", "b", "c"]), list(10 * MIN, 2, ["a", "b", "c"]), list(20 * MIN, 2, ["a", "b", "c"]),
      // User 3 follows, but one watch comes long after the list.
      list(0, 3, ["a", "b"]), list(10 * MIN, 3, ["a", "b"]),
    ],
    watches: [
      watch(1 * MIN, 1, "a"), watch(11 * MIN, 1, "b"), watch(21 * MIN, 1, "c"),
      watch(1 * MIN, 2, "a"), watch(11 * MIN, 2, "c"), watch(21 * MIN, 2, "b"),
      watch(1 * MIN, 3, "a"), watch(90 * MIN, 3, "b"),
    ],
    ratings: [],
  };
  expect(captiveUsers(input, { minWatches: 2 })).toEqual({ judgedUsers: 3, captiveUsers: 1, captiveShare: 1 / 3, examples: [1] });
  expect(captiveUsers(input, { minWatches: 4 }).judgedUsers).toBe(0);
});
