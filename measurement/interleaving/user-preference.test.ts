import { expect, test } from "bun:test";
import type { InterleavedList } from "./interleaved-list.ts";
import { PREFERENCE_WINDOW_MS, preferenceOf, userPreferences } from "./user-preference.ts";

const CONVERSION = 600_000;
const HOUR = 3_600_000;
const list = (userId: number, time: number, items: string[], teams: ("A" | "B")[]): InterleavedList => ({ userId, time, items, teams });

test("preferenceOf() is the sign of the credit difference, with ties and no credit apart", () => {
  expect(preferenceOf(1, 3)).toBe("B");
  expect(preferenceOf(2, 1)).toBe("A");
  expect(preferenceOf(2, 2)).toBe("tie");
  expect(preferenceOf(0, 0)).toBe("none");
});

test("userPreferences() sums credit over the user's lists within the window after their first list", () => {
  const lists = [
    list(7, 10 * HOUR, ["x", "y"], ["A", "B"]),
    list(7, 12 * HOUR, ["y", "z"], ["A", "B"]),
    list(7, 10 * HOUR + PREFERENCE_WINDOW_MS, ["z", "x"], ["A", "B"]), // just outside the window: ignored
  ];
  const starts = [
    { userId: 7, movieId: "y", firstTime: 10 * HOUR + 60_000 }, // B in the first list
    { userId: 7, movieId: "z", firstTime: 12 * HOUR + 60_000 }, // B in the second
    { userId: 7, movieId: "x", firstTime: 10 * HOUR + PREFERENCE_WINDOW_MS + 60_000 }, // A, but in the ignored list
  ];
  expect(userPreferences(lists, starts, { conversionWindowMs: CONVERSION })).toEqual([{
    userId: 7,
    preference: "B",
    creditA: 0,
    creditB: 2,
    lists: 2,
    firstTime: 10 * HOUR,
    finalAt: 10 * HOUR + PREFERENCE_WINDOW_MS + CONVERSION,
  }]);
});

test("userPreferences() keeps ties and users without credit, ordered by their first list", () => {
  const lists = [
    list(2, 5_000, ["p", "q"], ["B", "A"]),
    list(1, 9_000, ["p", "q"], ["A", "B"]),
    list(3, 1_000, ["p", "q"], ["A", "B"]),
  ];
  const starts = [
    { userId: 2, movieId: "p", firstTime: 6_000 },
    { userId: 2, movieId: "q", firstTime: 7_000 },
  ];
  const got = userPreferences(lists, starts, { conversionWindowMs: CONVERSION, preferenceWindowMs: HOUR });
  expect(got.map((p) => [p.userId, p.preference, p.finalAt])).toEqual([
    [3, "none", 1_000 + HOUR + CONVERSION],
    [2, "tie", 5_000 + HOUR + CONVERSION],
    [1, "none", 9_000 + HOUR + CONVERSION],
  ]);
});
