import { expect, test } from "bun:test";
import { shouldLogProgress } from "./should-log-progress.ts";

test("shouldLogProgress() writes the opening line before anything is done", () => {
  expect(shouldLogProgress(null, 0, 0, 1000)).toBe(true);
});

test("shouldLogProgress() writes once another tenth of the total is done", () => {
  expect(shouldLogProgress({ atMs: 0, done: 100 }, 1000, 199, 1000)).toBe(false);
  expect(shouldLogProgress({ atMs: 0, done: 100 }, 1000, 200, 1000)).toBe(true);
});

test("shouldLogProgress() writes after five seconds when something moved", () => {
  expect(shouldLogProgress({ atMs: 10_000, done: 100 }, 14_999, 101, 1_000_000)).toBe(false);
  expect(shouldLogProgress({ atMs: 10_000, done: 100 }, 15_000, 101, 1_000_000)).toBe(true);
});

test("shouldLogProgress() stays quiet while nothing moves, however long", () => {
  expect(shouldLogProgress({ atMs: 0, done: 100 }, 600_000, 100, 1000)).toBe(false);
});

test("shouldLogProgress() leaves reaching the total to the closing line", () => {
  expect(shouldLogProgress({ atMs: 0, done: 800 }, 10_000, 1000, 1000)).toBe(false);
});
