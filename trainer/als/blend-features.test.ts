import { describe, expect, test } from "bun:test";
import { blendFeatureCount, blendFeatures, supportOf } from "./blend-features.ts";

describe("blendFeatures()", () => {
  test("blendFeatures() lays out bias, predictions, support-scaled predictions and supports", () => {
    const out = new Float64Array(blendFeatureCount(2));
    expect(Array.from(blendFeatures(Float64Array.from([3, 4]), 0.5, 2, out))).toEqual([1, 3, 4, 1.5, 2, 6, 8, 0.5, 2]);
  });

  test("supportOf() is log(1 + count) / 5", () => {
    expect(supportOf(0)).toBe(0);
    expect(supportOf(Math.E - 1)).toBeCloseTo(0.2, 12);
  });
});
