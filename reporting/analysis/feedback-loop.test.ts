import { expect, test } from "bun:test";
import type { AnalysisInput, RecommendationRecord } from "./analysis-input.ts";
import { analyseFeedbackLoop, FEEDBACK_LOOP_THRESHOLDS } from "./feedback-loop.ts";

const HOUR = 3_600_000;
const movies = Array.from({ length: 100 }, (_, i) => `m${i}`);

/** 8 hours of lists; in hour h a list is drawn from the first `poolSize(h)` movies. */
function lists(poolSize: (hour: number) => number): RecommendationRecord[] {
  const out: RecommendationRecord[] = [];
  for (let h = 0; h < 8; h++) {
    for (let i = 0; i < 50; i++) {
      const pool = poolSize(h);
      out.push({ time: h * HOUR + i * 60_000, userId: i + 1, items: Array.from({ length: 10 }, (_, k) => movies[(i * 10 + k) % pool]) });
    }
  }
  return out;
}
const input = (recommendations: RecommendationRecord[]): AnalysisInput => ({
  from: 0, to: 8 * HOUR, recommendations,
  watches: movies.map((m, i) => ({ time: i, userId: 1000 + i, movieId: m })),
  ratings: [],
});

test("analyseFeedbackLoop() does not flag exposure that stays spread", () => {
  const result = analyseFeedbackLoop(input(lists(() => 100)));
  expect(result.trend.usableBuckets).toBe(8);
  expect(result.trend.giniRise).toBeCloseTo(0, 12);
  expect(result.flagged).toBe(false);
});

test("analyseFeedbackLoop() flags exposure narrowing to fewer movies hour by hour", () => {
  const result = analyseFeedbackLoop(input(lists((h) => 100 - 10 * h)));
  expect(result.buckets[0].gini).toBeCloseTo(0, 12);
  expect(result.buckets[7].gini).toBeCloseTo(0.7, 2); // 30 of 100 movies share the slots (near) equally
  expect(result.trend.giniRise).toBeGreaterThan(FEEDBACK_LOOP_THRESHOLDS.giniRise);
  expect(result.flagged).toBe(true);
  expect(result.reason).toContain("exposure Gini rose by");
});

test("analyseFeedbackLoop() judges no trend from too few exposures", () => {
  const result = analyseFeedbackLoop(input(lists((h) => 100 - 10 * h).filter((_, i) => i % 50 === 0)));
  expect(result.trend.usableBuckets).toBe(0);
  expect(result.flagged).toBe(false);
  expect(result.reason).toContain("no concentration trend judged");
});
