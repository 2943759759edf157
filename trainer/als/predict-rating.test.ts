import { describe, expect, test } from "bun:test";
import type { AlsModel } from "./als-model.ts";
import { predictRating } from "./predict-rating.ts";
import { scoreItems } from "./score-items.ts";

const model: AlsModel = {
  kind: "explicit",
  rank: 2,
  nUsers: 1,
  nItems: 2,
  globalMean: 3.5,
  userFactors: Float32Array.from([1, 2]),
  itemFactors: Float32Array.from([0.25, 0.5, 1, 1]),
  userBias: Float32Array.from([0.25]),
  itemBias: Float32Array.from([-0.5, 0]),
  clip: [1, 5],
};

describe("predictRating()", () => {
  test("predictRating() adds mean, biases and the dot product", () => {
    expect(predictRating(model, 0, 0)).toBe(3.5 + 0.25 - 0.5 + 1.25);
  });

  test("predictRating() clips to the rating range", () => {
    expect(predictRating(model, 0, 1)).toBe(5);
  });

  test("predictRating() falls back to the baseline for an unknown user or item", () => {
    expect(predictRating(model, 9, 0)).toBe(3);
    expect(predictRating(model, 0, 9)).toBe(3.75);
  });

  test("scoreItems() ranks by item bias plus dot product", () => {
    expect(Array.from(scoreItems(model, 0, new Float64Array(2)))).toEqual([0.75, 3]);
  });
});
