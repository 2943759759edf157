import { expect, test } from "bun:test";
import { attributeLists } from "./attribute-lists.ts";
import type { RouterAnswer } from "./router-answer.ts";

const answer = (time: number, userId: number, items: string[], modelVersion: string, fallback = false): RouterAnswer =>
  ({ time, userId, pool: "stable", modelVersion, fallback, items });

test("attributeLists() picks the same user's identical answer nearest in time, and null when none matches", () => {
  const candidates = [
    answer(1000, 1, ["a", "b"], "m1"),
    answer(9000, 1, ["a", "b"], "m2"),
    answer(5000, 1, ["b", "a"], "m3"), // same movies, other order: not the list the user received
    answer(5000, 2, ["a", "b"], "m4"), // another user
    answer(6000, 3, ["p"], "fallback", true),
  ];
  const shown = [
    { time: 4000, userId: 1, items: ["a", "b"] },
    { time: 6000, userId: 1, items: ["a", "b"] },
    { time: 5000, userId: 1, items: ["a", "c"] },
    { time: 100_000, userId: 3, items: ["p"] },
  ];
  expect(attributeLists(shown, candidates)).toEqual(["m1", "m2", null, "fallback"]);
});

test("attributeLists() gives a tie in time to the earlier answer", () => {
  const candidates = [answer(3000, 1, ["a"], "late"), answer(1000, 1, ["a"], "early")];
  expect(attributeLists([{ time: 2000, userId: 1, items: ["a"] }], candidates)).toEqual(["early"]);
});
