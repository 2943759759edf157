import { expect, test } from "bun:test";
import { type PairOutcome, pairFigures, usersMedian } from "./pair-figures.ts";

test("usersMedian() ranks inconclusive runs above every count", () => {
  expect(usersMedian([300, null, 100])).toBe(300);
  expect(usersMedian([300, 200, 100, 400])).toBe(250);
  expect(usersMedian([null, 100, null])).toBeNull();
  expect(usersMedian([null, 100, 200, null])).toBeNull(); // the two middles are 200 and "more than the cap"
  expect(usersMedian([])).toBeNull();
});

const run = (abUsers: number | null, interleavingUsers: number | null, verdict: PairOutcome["interleavingVerdict"], better: "A" | "B"): PairOutcome => ({
  abUsers, interleavingUsers, interleavingVerdict: verdict, better,
});

test("pairFigures() gives the medians, their ratio and the share of runs whose verdict picked the better side", () => {
  const figures = pairFigures("p", [
    run(5_000, 400, "A preferred", "A"),
    run(6_000, 500, "B preferred", "B"),
    run(null, 600, "A preferred", "B"), // wrong side
    run(4_000, null, "inconclusive", "A"),
  ]);
  expect(figures).toEqual({ name: "p", ab_users_median: 5_500, interleaving_users_median: 550, ratio: 10, correct_share: 0.5 });
});

test("pairFigures() has no ratio when a median is null", () => {
  const figures = pairFigures("p", [run(null, 100, "A preferred", "A"), run(null, 100, "A preferred", "A"), run(10, 100, "A preferred", "A")]);
  expect(figures.ab_users_median).toBeNull();
  expect(figures.ratio).toBeNull();
  expect(figures.correct_share).toBe(1);
});
