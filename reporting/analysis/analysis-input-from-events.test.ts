import { expect, test } from "bun:test";
import { analysisInputFromEvents } from "./analysis-input-from-events.ts";

test("analysisInputFromEvents() keeps shown lists, folds watch minutes into first starts, keeps ratings", () => {
  const input = analysisInputFromEvents([
    { kind: "recommendation", time: 100, userId: 1, server: "r:1", status: 200, items: ["a", "b"], error: null, latencyMs: 5 },
    { kind: "recommendation", time: 110, userId: 2, server: "r:1", status: 0, items: [], error: "timeout", latencyMs: 800 },
    { kind: "watch", time: 200, userId: 1, movieId: "a", minute: 1 },
    { kind: "watch", time: 150, userId: 1, movieId: "a", minute: 0 },
    { kind: "watch", time: 300, userId: 2, movieId: "a", minute: 0 },
    { kind: "rate", time: 400, userId: 1, movieId: "a", rating: 4 },
  ]);
  expect(input).toEqual({
    from: 100,
    to: 401,
    recommendations: [{ time: 100, userId: 1, items: ["a", "b"] }],
    watches: [{ time: 150, userId: 1, movieId: "a" }, { time: 300, userId: 2, movieId: "a" }],
    ratings: [{ time: 400, userId: 1, movieId: "a", rating: 4 }],
  });
});

test("analysisInputFromEvents() keeps only events inside a given period", () => {
  const input = analysisInputFromEvents([
    { kind: "rate", time: 10, userId: 1, movieId: "a", rating: 4 },
    { kind: "rate", time: 20, userId: 1, movieId: "b", rating: 4 },
  ], { from: 15, to: 30 });
  expect(input.ratings.map((r) => r.movieId)).toEqual(["b"]);
  expect([input.from, input.to]).toEqual([15, 30]);
});
