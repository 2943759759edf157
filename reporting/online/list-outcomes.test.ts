import { expect, test } from "bun:test";
import { listOutcomes } from "./list-outcomes.ts";

const W = 600_000;

test("listOutcomes() converts a list whose movie starts within the window, with the latest rating before the close", () => {
  const shown = [
    { time: 0, userId: 1, items: ["a", "b"] },
    { time: 0, userId: 2, items: ["c"] },
    { time: 1000, userId: 3, items: ["d"] },
  ];
  const watches = [
    { userId: 1, movieId: "a", firstTime: 0, minutes: 30 }, // at the list's time: counts
    { userId: 1, movieId: "z", firstTime: 10, minutes: 5 }, // not recommended
    { userId: 2, movieId: "c", firstTime: W, minutes: 9 }, // at the window's end: too late
    { userId: 3, movieId: "d", firstTime: 500, minutes: 9 }, // before the list
  ];
  const ratings = [
    { userId: 1, movieId: "a", time: 100, rating: 2 },
    { userId: 1, movieId: "a", time: 200, rating: 4 }, // latest before the close
    { userId: 1, movieId: "a", time: 2 * W, rating: 1 }, // after the close
  ];
  expect(listOutcomes(shown, watches, ratings, W, 2 * W)).toEqual([
    { converted: true, sessions: [{ userId: 1, movieId: "a", minutes: 30, rating: 4 }] },
    { converted: false, sessions: [] },
    { converted: false, sessions: [] },
  ]);
});
