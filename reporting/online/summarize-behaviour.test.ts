import { expect, test } from "bun:test";
import { summarizeBehaviour } from "./summarize-behaviour.ts";

const session = (userId: number, movieId: string, minutes: number, rating: number | null) => ({ userId, movieId, minutes, rating });

test("summarizeBehaviour() counts each user once in the per-user rate and each session once", () => {
  const summary = summarizeBehaviour([
    { userId: 1, outcome: { converted: true, sessions: [session(1, "a", 30, 4)] } },
    { userId: 1, outcome: { converted: true, sessions: [session(1, "a", 30, 4), session(1, "b", 10, null)] } },
    { userId: 1, outcome: { converted: false, sessions: [] } },
    { userId: 2, outcome: { converted: false, sessions: [] } },
  ]);
  expect(summary).toEqual({
    lists: 4, converted: 2, conversionPerList: 0.5, users: 2, conversionPerUser: (2 / 3 + 0) / 2, watchMinutes: 40, ratings: 1, meanRating: 4,
  });
});

test("summarizeBehaviour() gives null rates without lists", () => {
  expect(summarizeBehaviour([])).toEqual({
    lists: 0, converted: 0, conversionPerList: null, users: 0, conversionPerUser: null, watchMinutes: 0, ratings: 0, meanRating: null,
  });
});
