import { expect, test } from "bun:test";
import type { RouterAnswer } from "../measurement/attribution/router-answer.ts";
import { conversionByVersion, type JudgedList } from "./ingest-metrics-conversion.ts";

const answer = (time: number, userId: number, items: string[], modelVersion: string | null, fallback = false): RouterAnswer =>
  ({ time, userId, pool: "stable", modelVersion, fallback, items });
const list = (time: number, userId: number, items: string[], converted: boolean, answers: RouterAnswer[]): JudgedList =>
  ({ time, userId, items, converted, answers });

test("conversionByVersion() attributes each list to the nearest identical answer and counts conversions per version", () => {
  const lists = [
    list(4000, 1, ["a", "b"], true, [answer(1000, 1, ["a", "b"], "m1"), answer(9000, 1, ["a", "b"], "m2")]),
    list(6000, 1, ["a", "b"], false, [answer(1000, 1, ["a", "b"], "m1"), answer(9000, 1, ["a", "b"], "m2")]),
    list(5000, 2, ["c"], true, [answer(5000, 2, ["c"], "m1")]),
    list(5000, 3, ["p"], false, [answer(6000, 3, ["p"], null, true)]),
    list(7000, 4, ["q"], true, []),
    list(8000, 4, ["q", "r"], false, []),
  ];
  expect(conversionByVersion(lists)).toEqual([
    { modelVersion: "fallback", lists: 1, converted: 0, ratio: 0 },
    { modelVersion: "m1", lists: 2, converted: 2, ratio: 1 },
    { modelVersion: "m2", lists: 1, converted: 0, ratio: 0 },
    { modelVersion: "unattributed", lists: 2, converted: 1, ratio: 0.5 },
  ]);
});

test("conversionByVersion() ignores an answer to another user or with the items in another order", () => {
  const lists = [list(1000, 1, ["a", "b"], true, [answer(1000, 2, ["a", "b"], "m1"), answer(1000, 1, ["b", "a"], "m2")])];
  expect(conversionByVersion(lists)).toEqual([{ modelVersion: "unattributed", lists: 1, converted: 1, ratio: 1 }]);
});

test("conversionByVersion() returns nothing for no lists", () => {
  expect(conversionByVersion([])).toEqual([]);
});
