import { describe, expect, test } from "bun:test";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { evaluateRanking } from "./evaluate-ranking.ts";
import { popularityRecommender } from "./popularity-recommender.ts";
import { topK } from "./top-k.ts";

function ratings(rows: [number, number, number][]) {
  const builder = new InteractionsBuilder();
  for (const [u, i, v] of rows) builder.push(u, i, v, 0);
  return builder.build();
}

describe("evaluateRanking()", () => {
  const train = ratings([[0, 0, 5], [1, 1, 5]]);
  const test_ = ratings([[0, 2, 5], [0, 3, 2], [1, 0, 4]]);
  const fixed = [0.9, 0.8, 0.7, 0.6, 0.5];
  const options = { nUsers: 2, nItems: 5, k: 2, relevanceThreshold: 4, sliceOf: (u: number) => (u === 0 ? "a" : "b") };

  test("evaluateRanking() excludes training items and matches hand-computed metrics", () => {
    const report = evaluateRanking((_u, k, excluded) => topK(fixed, k, excluded), train, test_, options);
    // User 0 gets [1, 2] (item 0 seen; relevant {2}); user 1 gets [0, 2] (item 1 seen; relevant {0}).
    expect(report.users).toBe(2);
    expect(report.precision).toBe(0.5);
    expect(report.recall).toBe(1);
    expect(report.ndcg).toBeCloseTo((1 / Math.log2(3) + 1) / 2, 12);
    expect(report.map).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(report.coverage).toBe(3 / 5);
    // Percentiles: items 0 and 1 (1 rating) 0.875, items 2..4 (none) 0.25; recommended 1, 2, 0, 2.
    expect(report.popularityBias).toBeCloseTo((0.875 + 0.25 + 0.875 + 0.25) / 4, 12);
    expect(report.slices.a.ndcg).toBeCloseTo(1 / Math.log2(3), 12);
    expect(report.slices.b.map).toBe(1);
  });

  test("evaluateRanking() skips users without a relevant held-out item", () => {
    const report = evaluateRanking((_u, k, excluded) => topK(fixed, k, excluded), train, ratings([[0, 3, 1]]), options);
    expect(report.users).toBe(0);
    expect(report.precision).toBeNaN();
  });

  test("popularityRecommender() ranks by training count and skips seen items", () => {
    const recommend = popularityRecommender(ratings([[0, 2, 1], [1, 2, 1], [1, 0, 1]]), 3);
    expect(Array.from(recommend(5, 2, (i) => i === 0))).toEqual([2, 1]);
  });
});
