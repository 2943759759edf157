import { describe, expect, test } from "bun:test";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { ratingErrors } from "./rating-errors.ts";

function ratings(rows: [number, number, number][]) {
  const builder = new InteractionsBuilder();
  for (const [u, i, v] of rows) builder.push(u, i, v, 0);
  return builder.build();
}

describe("ratingErrors()", () => {
  test("ratingErrors() matches hand-computed RMSE and MAE, overall and per slice", () => {
    const test_ = ratings([[0, 0, 4], [1, 0, 2], [1, 1, 5]]);
    const result = ratingErrors((u) => (u === 0 ? 3 : u === 1 ? 3 : 0), test_, (u) => `s${u}`);
    // Errors 1, -1, 2.
    expect(result.count).toBe(3);
    expect(result.rmse).toBeCloseTo(Math.sqrt(6 / 3), 12);
    expect(result.mae).toBeCloseTo(4 / 3, 12);
    expect(result.slices.s0).toEqual({ count: 1, rmse: 1, mae: 1 });
    expect(result.slices.s1.rmse).toBeCloseTo(Math.sqrt(5 / 2), 12);
  });

  test("ratingErrors() is NaN when a prediction is NaN, so a gate refuses the model", () => {
    expect(ratingErrors(() => NaN, ratings([[0, 0, 4]])).rmse).toBeNaN();
  });
});
