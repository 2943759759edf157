import { describe, expect, test } from "bun:test";
import { AlsConfig } from "../als/als-config.ts";
import { assignFolds, splitFold } from "../datasets/split-folds.ts";
import { syntheticRatings } from "../datasets/synthetic-ratings.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import type { FoldLoader } from "./fold-loaders.ts";
import { runFolds } from "./run-folds.ts";
import type { FoldFlags } from "./train-flags.ts";

const data = syntheticRatings({ users: 120, items: 80, ratings: 3000, rank: 3, noise: 0.3 }, mulberry32(4));
const assignment = assignFolds(data.length, 3, mulberry32(5));
const load: FoldLoader = (fold) => Promise.resolve({ ...splitFold(data, assignment, fold), nUsers: 120, nItems: 80, rejectedLines: 0 });

function fakeClock(stepMs: number): () => number {
  let t = 0;
  return () => (t += stepMs);
}

describe("runFolds()", () => {
  const flags: FoldFlags = {
    dataset: { kind: "movielens", dir: "unused" },
    folds: { folds: [1, 3], count: 3 },
    cutoff: null,
    tolerance: 0.02,
    json: true,
    topK: 10,
    relevance: 4,
    als: AlsConfig.parse({ rank: 4, iterations: 3 }),
  };

  test("runFolds() reports each selected fold, their mean and the config", async () => {
    const iterations: number[] = [];
    const report = await runFolds(flags, { load, now: fakeClock(500), onIteration: (_f, r) => iterations.push(r.iteration) });
    expect(report.folds.map((f) => f.fold)).toEqual([1, 3]);
    expect(iterations).toEqual([1, 2, 3, 1, 2, 3]);
    // The fake clock advances 500 ms a call: four calls per fold span 1.5 s.
    expect(report.folds.map((f) => f.seconds)).toEqual([1.5, 1.5]);
    expect(report.mean.rmse).toBeCloseTo((report.folds[0].rmse! + report.folds[1].rmse!) / 2, 12);
    expect(report.folds[0].rmse!).toBeLessThan(report.folds[0].baseline.rmse);
    expect(report.config.als.rank).toBe(4);
    expect("json" in report.config).toBe(false);
    expect(JSON.parse(JSON.stringify(report)).folds[0]).toMatchObject({ fold: 1, rmse: report.folds[0].rmse });
  });

  test("runFolds() measures the blend's ratings and ranks with its primary ALS model", async () => {
    const report = await runFolds({ ...flags, model: "explicit-knn-blend" }, { load, now: fakeClock(1) });
    const plain = await runFolds(flags, { load, now: fakeClock(1) });
    expect(report.config.model).toBe("explicit-knn-blend");
    expect(report.folds[0].rmse!).toBeLessThan(report.folds[0].baseline.rmse);
    expect(report.folds[0].rmse).not.toBe(plain.folds[0].rmse);
    expect(report.folds[0].ranking.users).toBe(plain.folds[0].ranking.users);
  });

  test("runFolds() reports no RMSE for the implicit model", async () => {
    const report = await runFolds({ ...flags, als: { ...flags.als, model: "implicit" } }, { load, now: fakeClock(1) });
    expect(report.mean.rmse).toBeNull();
    expect(report.folds[0].ranking.users).toBeGreaterThan(0);
  });
});
