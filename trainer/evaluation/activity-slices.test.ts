import { describe, expect, test } from "bun:test";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { activitySlices } from "./activity-slices.ts";

describe("activitySlices()", () => {
  test("activitySlices() buckets users by training count", () => {
    const builder = new InteractionsBuilder();
    const counts = [0, 3, 25, 300];
    counts.forEach((n, u) => {
      for (let i = 0; i < n; i++) builder.push(u, i, 1, 0);
    });
    expect(activitySlices(builder.build(), 4)).toEqual(["0", "1-19", "20-49", "200+"]);
  });
});
