import { expect, test } from "bun:test";
import { sampleMoments } from "../../shared/stats/sample-moments.ts";
import { RunningMoments } from "./running-moments.ts";

test("RunningMoments gives sampleMoments() of the values added so far, at every step", () => {
  const values = [0.5, 1, 0, 0.25, 1, 1, 0.75];
  const running = new RunningMoments();
  values.forEach((x, i) => {
    running.add(x);
    const expected = sampleMoments(values.slice(0, i + 1));
    const got = running.moments();
    expect(got.n).toBe(expected.n);
    expect(got.mean).toBeCloseTo(expected.mean, 12);
    expect(got.variance).toBeCloseTo(expected.variance, 12);
  });
});

test("RunningMoments is empty before the first value", () => {
  expect(new RunningMoments().moments()).toEqual({ n: 0, mean: NaN, variance: 0 });
});
