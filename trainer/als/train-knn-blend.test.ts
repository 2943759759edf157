import { describe, expect, test } from "bun:test";
import { assignFolds, splitFold } from "../datasets/split-folds.ts";
import { syntheticRatings } from "../datasets/synthetic-ratings.ts";
import { ratingErrors } from "../evaluation/rating-errors.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { AlsConfig } from "./als-config.ts";
import { DEFAULT_BLEND_CONFIG } from "./blend-config.ts";
import { knnBlendPredictor } from "./knn-blend.ts";
import { predictRating } from "./predict-rating.ts";
import { trainKnnBlend } from "./train-knn-blend.ts";

const shape = { nUsers: 200, nItems: 150 };
const data = syntheticRatings({ users: 200, items: 150, ratings: 6000, rank: 4, noise: 0.3 }, mulberry32(11));
const { train, test: heldOut } = splitFold(data, assignFolds(data.length, 5, mulberry32(12)), 1);
const als = AlsConfig.parse({ rank: 8, iterations: 6, seed: 7 });
const blend = { ...DEFAULT_BLEND_CONFIG, secondaryRank: 2, neighbours: 20 };

describe("trainKnnBlend()", () => {
  test("trainKnnBlend() gives identical weights and predictions on 1 and 2 worker threads", async () => {
    const one = await trainKnnBlend(train, shape, als, blend);
    const two = await trainKnnBlend(train, shape, { ...als, threads: 2 }, blend);
    expect(Array.from(two.weights)).toEqual(Array.from(one.weights));
    const a = knnBlendPredictor(one);
    const b = knnBlendPredictor(two);
    for (let e = 0; e < heldOut.length; e += 37) expect(b(heldOut.users[e], heldOut.items[e])).toBe(a(heldOut.users[e], heldOut.items[e]));
  });

  test("trainKnnBlend() predicts held-out ratings at least as well as its primary ALS model", async () => {
    const fitted = await trainKnnBlend(train, shape, als, blend);
    const blended = ratingErrors(knnBlendPredictor(fitted), heldOut).rmse;
    const primary = ratingErrors((u, i) => predictRating(fitted.primary, u, i), heldOut).rmse;
    expect(blended).toBeLessThan(primary + 0.005);
    expect(fitted.weights.length).toBe(12);
  });

  test("trainKnnBlend() clips predictions to the rating range", async () => {
    const predict = knnBlendPredictor(await trainKnnBlend(train, shape, als, blend));
    for (let e = 0; e < heldOut.length; e++) {
      const p = predict(heldOut.users[e], heldOut.items[e]);
      expect(p >= 1 && p <= 5).toBe(true);
    }
  });
});
