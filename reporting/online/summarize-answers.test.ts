import { expect, test } from "bun:test";
import type { RouterAnswer } from "./online-input.ts";
import { summarizeAnswers } from "./summarize-answers.ts";

const answer = (time: number, userId: number, pool: string | null, modelVersion: string, items: string[]): RouterAnswer =>
  ({ time, userId, pool, modelVersion, fallback: modelVersion === "fallback", items });

test("summarizeAnswers() charges each fallback to the version its pool answered with nearest in time", () => {
  const summaries = summarizeAnswers([
    answer(0, 1, "stable", "m1", ["a", "b"]),
    answer(10, 2, "stable", "m1", ["b", "c"]),
    answer(20, 1, "canary", "m2", ["d"]),
    answer(12, 3, "stable", "fallback", ["p"]), // nearest stable answer: m1 at 10
    answer(30, 3, "empty", "fallback", ["p"]), // a pool without model answers: fallback row only
    answer(40, 4, null, "fallback", ["p", "q"]), // no rules: fallback row only
  ], 10);
  expect(Object.fromEntries(summaries)).toEqual({
    m1: { requests: 2, users: 2, items: 3, coverage: 0.3, fallbacks: 1, fallbackShare: 1 / 3 },
    m2: { requests: 1, users: 1, items: 1, coverage: 0.1, fallbacks: 0, fallbackShare: 0 },
    fallback: { requests: 3, users: 2, items: 2, coverage: 0.2, fallbacks: 3, fallbackShare: 0.5 },
  });
});
