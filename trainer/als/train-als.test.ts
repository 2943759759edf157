import { describe, expect, test } from "bun:test";
import { splitFold, assignFolds } from "../datasets/split-folds.ts";
import { syntheticRatings } from "../datasets/synthetic-ratings.ts";
import { fitBiasBaseline } from "../evaluation/bias-baseline.ts";
import { ratingErrors } from "../evaluation/rating-errors.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { AlsConfig } from "./als-config.ts";
import type { AlsModel } from "./als-model.ts";
import { predictRating } from "./predict-rating.ts";
import { type IterationReport, trainAls } from "./train-als.ts";

const shape = { nUsers: 200, nItems: 150 };
const data = syntheticRatings({ users: 200, items: 150, ratings: 6000, rank: 4, noise: 0.3 }, mulberry32(11));
const { train, test: heldOut } = splitFold(data, assignFolds(data.length, 5, mulberry32(12)), 1);

function bytes(model: AlsModel): Uint8Array[] {
  return [model.userFactors, model.itemFactors, model.userBias, model.itemBias].map((a) => new Uint8Array(a.buffer));
}

describe("trainAls()", () => {
  test("trainAls() gives identical factors for the same seed", async () => {
    const config = AlsConfig.parse({ rank: 8, iterations: 4, seed: 7 });
    expect(bytes(await trainAls(train, shape, config))).toEqual(bytes(await trainAls(train, shape, config)));
  });

  test("trainAls() gives byte-identical factors on 1 and 2 worker threads", async () => {
    for (const model of ["explicit", "implicit"] as const) {
      const config = AlsConfig.parse({ model, rank: 8, iterations: 3, seed: 7 });
      const one = await trainAls(train, shape, config);
      const two = await trainAls(train, shape, { ...config, threads: 2 });
      expect(bytes(two)).toEqual(bytes(one));
    }
  });

  test("trainAls() beats the bias baseline on held-out synthetic ratings", async () => {
    const model = await trainAls(train, shape, AlsConfig.parse({ rank: 8, iterations: 10 }));
    const baseline = fitBiasBaseline(train, shape);
    const als = ratingErrors((u, i) => predictRating(model, u, i), heldOut).rmse;
    const bias = ratingErrors((u, i) => predictRating(baseline, u, i), heldOut).rmse;
    expect(als).toBeLessThan(bias - 0.05);
  });

  test("trainAls() reports every iteration with a non-increasing loss under exact solves", async () => {
    for (const model of ["explicit", "implicit"] as const) {
      const reports: IterationReport[] = [];
      const config = AlsConfig.parse({ model, solver: "cholesky", rank: 6, iterations: 6 });
      await trainAls(train, shape, config, { onIteration: (r) => reports.push(r) });
      expect(reports.map((r) => r.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
      for (let i = 1; i < reports.length; i++) expect(reports[i].loss).toBeLessThanOrEqual(reports[i - 1].loss * (1 + 1e-12));
    }
  });

  test("trainAls() with cg reaches the cholesky RMSE within 0.01", async () => {
    const rmse = async (solver: "cg" | "cholesky") => {
      const model = await trainAls(train, shape, AlsConfig.parse({ solver, rank: 8, iterations: 10 }));
      return ratingErrors((u, i) => predictRating(model, u, i), heldOut).rmse;
    };
    expect(Math.abs((await rmse("cg")) - (await rmse("cholesky")))).toBeLessThan(0.01);
  });

  test("trainAls() injects a shuffle fault (finite, worse) and a nan fault (NaN RMSE)", async () => {
    const rmse = async (inject: AlsConfig["inject"]) => {
      const model = await trainAls(train, shape, AlsConfig.parse({ rank: 8, iterations: 6, inject }));
      return ratingErrors((u, i) => predictRating(model, u, i), heldOut).rmse;
    };
    const clean = await rmse("none");
    const shuffled = await rmse("shuffle");
    expect(Number.isFinite(shuffled)).toBe(true);
    expect(shuffled).toBeGreaterThan(clean + 0.1);
    expect(await rmse("nan")).toBeNaN();
  });
});
