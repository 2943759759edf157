import { expect, test } from "bun:test";
import { readInterleavedLists } from "./interleaved-list.ts";

test("readInterleavedLists() keeps valid lists and sets the others aside with their reason", () => {
  const good = { userId: 4, time: 1_000, items: ["a", "b"], teams: ["B", "A"] as ("A" | "B")[] };
  const { lists, refused } = readInterleavedLists([
    good,
    { userId: 4, time: 1_000, items: ["a", "b"], teams: ["A"] },
    { userId: 4, time: 1_000, items: ["a", "a"], teams: ["A", "B"] },
    { userId: 4, time: 1_000, items: ["a"], teams: ["C"] },
    "4,1000,a",
  ]);
  expect(lists).toEqual([good]);
  const reasons = refused.map((r) => r.reason);
  expect(reasons.slice(0, 2)).toEqual([
    "list: teams must name one team per item: 1 teams for 2 items",
    "list: items must be distinct (a merge never repeats one)",
  ]);
  expect(reasons[2]).toStartWith("teams.0:");
  expect(reasons[3]).toStartWith("list:");
  expect(refused.map((r) => r.row)).toEqual([
    { userId: 4, time: 1_000, items: ["a", "b"], teams: ["A"] },
    { userId: 4, time: 1_000, items: ["a", "a"], teams: ["A", "B"] },
    { userId: 4, time: 1_000, items: ["a"], teams: ["C"] },
    "4,1000,a",
  ]);
});
