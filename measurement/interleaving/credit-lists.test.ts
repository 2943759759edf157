import { expect, test } from "bun:test";
import { creditLists } from "./credit-lists.ts";
import type { ItemTeam } from "../../shared/interleaving/team-draft.ts";
import type { InterleavedList } from "./interleaved-list.ts";

const WINDOW = 600_000;
const list = (userId: number, time: number, items: string[], teams: ItemTeam[]): InterleavedList => ({ userId, time, items, teams });

test("creditLists() credits a start within the conversion window to the team that contributed the movie", () => {
  const lists = [list(1, 1_000, ["m1", "m2", "m3"], ["A", "B", "A"])];
  expect(creditLists(lists, [{ userId: 1, movieId: "m2", firstTime: 5_000 }], WINDOW)).toEqual([{ a: 0, b: 1 }]);
  expect(creditLists(lists, [{ userId: 1, movieId: "m3", firstTime: 5_000 }], WINDOW)).toEqual([{ a: 1, b: 0 }]);
});

test("creditLists() gives no credit for a start outside the window, of another user or of a movie not shown", () => {
  const lists = [list(1, 1_000, ["m1", "m2"], ["A", "B"])];
  const starts = [
    { userId: 1, movieId: "m1", firstTime: 1_000 + WINDOW }, // the window is half-open
    { userId: 1, movieId: "m2", firstTime: 999 }, // before the list
    { userId: 2, movieId: "m1", firstTime: 2_000 },
    { userId: 1, movieId: "m9", firstTime: 2_000 },
  ];
  expect(creditLists(lists, starts, WINDOW)).toEqual([{ a: 0, b: 0 }]);
});

test("creditLists() credits each list a start converts, with that list's team", () => {
  const lists = [list(1, 1_000, ["m1", "m2"], ["A", "B"]), list(1, 2_000, ["m2", "m1"], ["A", "B"])];
  expect(creditLists(lists, [{ userId: 1, movieId: "m2", firstTime: 3_000 }], WINDOW)).toEqual([{ a: 0, b: 1 }, { a: 1, b: 0 }]);
});

test("creditLists() credits neither team for a movie both teams placed at once", () => {
  const lists = [list(1, 1_000, ["m1", "m2", "m3"], ["both", "A", "B"])];
  const starts = [{ userId: 1, movieId: "m1", firstTime: 2_000 }, { userId: 1, movieId: "m3", firstTime: 3_000 }];
  expect(creditLists(lists, starts, WINDOW)).toEqual([{ a: 0, b: 1 }]);
});
