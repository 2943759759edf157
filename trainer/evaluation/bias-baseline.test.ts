import { describe, expect, test } from "bun:test";
import { predictRating } from "../als/predict-rating.ts";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { fitBiasBaseline } from "./bias-baseline.ts";

describe("fitBiasBaseline()", () => {
  test("fitBiasBaseline() recovers hand-computed biases without regularisation", () => {
    const builder = new InteractionsBuilder();
    builder.push(0, 0, 5, 0);
    builder.push(1, 0, 3, 0);
    const model = fitBiasBaseline(builder.build(), { nUsers: 2, nItems: 1 }, { userLambda: 0, itemLambda: 0, passes: 1, clip: [1, 5] });
    // μ = 4; item bias = mean(1, -1) = 0; user biases +1 and -1.
    expect(model.globalMean).toBe(4);
    expect(Array.from(model.itemBias)).toEqual([0]);
    expect(Array.from(model.userBias)).toEqual([1, -1]);
    expect(predictRating(model, 0, 0)).toBe(5);
  });

  test("fitBiasBaseline() with zero passes is the global-mean baseline", () => {
    const builder = new InteractionsBuilder();
    builder.push(0, 0, 2, 0);
    builder.push(0, 1, 4, 0);
    const model = fitBiasBaseline(builder.build(), { nUsers: 1, nItems: 2 }, { userLambda: 15, itemLambda: 10, passes: 0, clip: null });
    expect(predictRating(model, 0, 1)).toBe(3);
  });
});
