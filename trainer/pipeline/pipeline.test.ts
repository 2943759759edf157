import { describe, expect, test } from "bun:test";
import { IdMap } from "../datasets/id-map.ts";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { implicitSignal } from "./implicit-signal.ts";
import { judgeOfflineGate } from "../../registry/offline-gate.ts";
import { splitByTime } from "./split-by-time.ts";

const build = (rows: [number, number, number, number][]) => {
  const b = new InteractionsBuilder();
  for (const [u, i, v, t] of rows) b.push(u, i, v, t);
  return b.build();
};

describe("implicitSignal()", () => {
  test("implicitSignal() adds log minutes and rating strength, and drops disliked pairs", () => {
    const rows = {
      users: IdMap.from(["1", "2"]), items: IdMap.from(["a+1", "b+2", "c+3"]),
      watch: build([[0, 0, 9, 100], [0, 1, 30, 200], [1, 2, 4, 300]]),
      ratings: build([[0, 0, 5, 150], [0, 1, 2, 250], [1, 0, 4, 50]]),
    };
    const signal = implicitSignal(rows);
    expect(Array.from(signal.users)).toEqual([0, 1, 1]);
    expect(Array.from(signal.items)).toEqual([0, 0, 2]);
    expect(Array.from(signal.values)).toEqual([Math.fround(Math.log1p(9) + 3), 2, Math.fround(Math.log1p(4))]);
    expect(Array.from(signal.times)).toEqual([150, 50, 300]);
  });
});

describe("splitByTime()", () => {
  test("splitByTime() holds out each active user's most recent interactions", () => {
    const data = build([[0, 0, 1, 30], [0, 1, 1, 10], [0, 2, 1, 20], [0, 3, 1, 40], [1, 0, 1, 5], [1, 1, 1, 6]]);
    const { train, test } = splitByTime(data, { holdoutFraction: 0.25, minInteractions: 3 });
    expect(Array.from(test.items)).toEqual([3]);
    expect(Array.from(test.users)).toEqual([0]);
    expect(train.length).toBe(5);
  });
});

describe("judgeOfflineGate()", () => {
  const config = { metric: "ndcg" as const, tolerance: 0.02 };
  test("judgeOfflineGate() passes a model better than popularity and within tolerance of production", () => {
    expect(judgeOfflineGate({ candidate: { ndcg: 0.30 }, popularity: { ndcg: 0.2 }, production: { version: "p", metrics: { ndcg: 0.305 }, candidate: { ndcg: 0.30 } } }, config))
      .toEqual({ pass: true, metric: "ndcg", reasons: [] });
  });

  test("judgeOfflineGate() fails a model no better than popularity, saying so", () => {
    const decision = judgeOfflineGate({ candidate: { ndcg: 0.2 }, popularity: { ndcg: 0.2 }, production: null }, config);
    expect(decision).toEqual({ pass: false, metric: "ndcg", reasons: ["ndcg 0.2000 is not better than the popularity ranking's 0.2000"] });
  });

  test("judgeOfflineGate() fails a model worse than production beyond the tolerance", () => {
    const decision = judgeOfflineGate({ candidate: { ndcg: 0.35 }, popularity: { ndcg: 0.1 }, production: { version: "p1", metrics: { ndcg: 0.3 }, candidate: { ndcg: 0.29 } } }, config);
    expect(decision.pass).toBe(false);
    expect(decision.reasons).toEqual(["ndcg 0.2900 is below production p1's 0.3000 by more than 2.0% (on interactions production never saw)"]);
  });

  test("judgeOfflineGate() with a paired bound fails only a model confidently worse than production", () => {
    const production = { version: "p1", metrics: { ndcg: 0.3 }, candidate: { ndcg: 0.29 } };
    const judge = (pairedUpperBound: number) =>
      judgeOfflineGate({ candidate: { ndcg: 0.35 }, popularity: { ndcg: 0.1 }, production: { ...production, pairedUpperBound } }, config);
    expect(judge(0.004).pass).toBe(true); // below the floor on average, but within noise
    expect(judge(-0.001).reasons).toEqual(["ndcg 0.2900 is below production p1's 0.3000 by more than 2.0% (on interactions production never saw, confidently per user)"]);
  });

  test("judgeOfflineGate() fails a model whose metric is not a number", () => {
    expect(judgeOfflineGate({ candidate: { ndcg: NaN }, popularity: { ndcg: 0.1 }, production: null }, config).pass).toBe(false);
  });
});
