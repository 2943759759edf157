import { expect, test } from "bun:test";
import type { OnlineInput, RouterAnswer } from "./online-input.ts";
import { buildOnlineReport } from "./online-report.ts";

const M = 60_000;
const W = 10 * M;
const answer = (time: number, userId: number, pool: string, modelVersion: string, items: string[]): RouterAnswer =>
  ({ time, userId, pool, modelVersion, fallback: modelVersion === "fallback", items });
const answers = [
  answer(1 * M, 1, "stable", "m1", ["a", "b"]),
  answer(2 * M, 2, "stable", "m1", ["b", "c"]),
  answer(3 * M, 3, "canary", "m2", ["d", "e"]),
  answer(4 * M, 4, "stable", "fallback", ["p", "q"]),
  answer(5 * M, 1, "canary", "m2", ["a", "d"]),
];
const input: OnlineInput = {
  day: "1970-01-01",
  telemetry: { from: 0, to: 24 * 60 * M },
  stream: { from: 0, to: 24 * 60 * M, judgedTo: 60 * M },
  conversionWindowMs: W,
  answers,
  candidates: answers,
  shown: [
    { time: 1 * M + 500, userId: 1, items: ["a", "b"] }, // m1, converts (a)
    { time: 2 * M, userId: 2, items: ["b", "c"] }, // m1, no watch
    { time: 3 * M, userId: 3, items: ["d", "e"] }, // m2, e starts one window later: too late
    { time: 4 * M, userId: 4, items: ["p", "q"] }, // fallback, converts (q)
    { time: 5 * M, userId: 1, items: ["a", "d"] }, // m2, converts (the same session of a)
    { time: 7 * M, userId: 5, items: ["x", "y"] }, // no answer matches: unattributed, converts (x)
  ],
  watches: [
    { userId: 1, movieId: "a", firstTime: 5 * M, minutes: 30 },
    { userId: 3, movieId: "e", firstTime: 3 * M + W, minutes: 50 },
    { userId: 4, movieId: "q", firstTime: 6 * M, minutes: 12 },
    { userId: 5, movieId: "x", firstTime: 8 * M, minutes: 20 },
  ],
  ratings: [
    { userId: 1, movieId: "a", time: 40 * M, rating: 4 },
    { userId: 5, movieId: "x", time: 9 * M, rating: 2 },
  ],
  streamMovies: ["a", "b", "c", "d", "e", "p", "q", "x", "y"],
  offline: { m1: { ndcg: 0.3, precision: 0.1, recall: 0.2, coverage: 0.5 }, m2: null },
};

test("buildOnlineReport() gives each version its served and online figures, fallback and unattributed lists apart", () => {
  const report = buildOnlineReport(input);
  expect(report.catalogue).toBe(9);
  expect(report.versions).toEqual([
    {
      version: "m1",
      served: { requests: 2, users: 2, items: 3, coverage: 3 / 9, fallbacks: 1, fallbackShare: 1 / 3 },
      online: { lists: 2, converted: 1, conversionPerList: 0.5, users: 2, conversionPerUser: 0.5, watchMinutes: 30, ratings: 1, meanRating: 4 },
      offline: { ndcg: 0.3, precision: 0.1, recall: 0.2, coverage: 0.5 },
    },
    {
      version: "m2",
      served: { requests: 2, users: 2, items: 3, coverage: 3 / 9, fallbacks: 0, fallbackShare: 0 },
      online: { lists: 2, converted: 1, conversionPerList: 0.5, users: 2, conversionPerUser: 0.5, watchMinutes: 30, ratings: 1, meanRating: 4 },
      offline: null,
    },
  ]);
  expect(report.fallback).toEqual({
    served: { requests: 1, users: 1, items: 2, coverage: 2 / 9, fallbacks: 1, fallbackShare: 1 / 5 },
    online: { lists: 1, converted: 1, conversionPerList: 1, users: 1, conversionPerUser: 1, watchMinutes: 12, ratings: 0, meanRating: null },
  });
  expect(report.unattributed).toEqual({ lists: 1, converted: 1, conversionPerList: 1, users: 1, conversionPerUser: 1, watchMinutes: 20, ratings: 1, meanRating: 2 });
  expect(report.ranking.agree).toBeNull();
  expect(report.ranking.statement).toContain("(missing one or the other: m2)");
});

test("buildOnlineReport() says how the day is read on each clock and which lists are not judged yet", () => {
  const report = buildOnlineReport(input);
  expect(report.stream).toEqual({ from: "1970-01-01T00:00:00.000Z", to: "1970-01-02T00:00:00.000Z", judgedTo: "1970-01-01T01:00:00.000Z" });
  expect(report.clocks).toStartWith("The day 1970-01-01 is read from 00:00 to 24:00 UTC: telemetry on the router's wall clock, behaviour");
  expect(report.clocks).toContain("runs ahead of the wall clock in a sped-up simulation");
  expect(report.clocks).toContain("Lists from 1970-01-01T01:00:00.000Z on are not judged yet");
});
