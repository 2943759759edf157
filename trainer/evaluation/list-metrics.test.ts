import { describe, expect, test } from "bun:test";
import { listMetrics } from "./list-metrics.ts";

describe("listMetrics()", () => {
  test("listMetrics() matches hand-computed precision, recall, NDCG and AP", () => {
    // Hits at ranks 2 and 4 of 4; 3 relevant items.
    const m = listMetrics([1, 2, 3, 4], new Set([2, 4, 9]), 4);
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(m.ndcg).toBeCloseTo(dcg / idcg, 12); // 0.498193
    expect(m.averagePrecision).toBeCloseTo((1 / 2 + 2 / 4) / 3, 12);
  });

  test("listMetrics() gives 1 everywhere for a perfect list", () => {
    expect(listMetrics([7, 8], new Set([7, 8]), 2)).toEqual({ precision: 1, recall: 1, ndcg: 1, averagePrecision: 1 });
  });

  test("listMetrics() divides precision by K even for a short list", () => {
    expect(listMetrics([5], new Set([5]), 20).precision).toBe(0.05);
  });
});
