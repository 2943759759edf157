import { expect, test } from "bun:test";
import type { AnalysisInput } from "./analysis-input.ts";
import { exposureConcentration } from "./exposure-concentration.ts";
import { longTailCoverage, popularHead } from "./long-tail-coverage.ts";
import { timeBuckets } from "./time-buckets.ts";

const input: AnalysisInput = {
  from: 0,
  to: 200,
  // First half: every movie shown once; second half: "a" shown four times.
  recommendations: [
    { time: 10, userId: 1, items: ["a", "b"] },
    { time: 20, userId: 2, items: ["c", "d"] },
    { time: 110, userId: 1, items: ["a"] },
    { time: 120, userId: 2, items: ["a"] },
    { time: 130, userId: 3, items: ["a", "a"] },
  ],
  watches: [{ time: 30, userId: 1, movieId: "a" }, { time: 40, userId: 2, movieId: "a" }, { time: 50, userId: 3, movieId: "b" }],
  ratings: [],
};
const ids = ["a", "b", "c", "d", "e"];
const buckets = timeBuckets(0, 200, 2);

test("exposureConcentration() counts every catalogue movie, shown or not", () => {
  const [early, late] = exposureConcentration(input, buckets, ids);
  expect(early).toMatchObject({ requests: 2, exposures: 4, distinctMovies: 4, topShare: 0.25 });
  expect(early.gini).toBeCloseTo(0.2, 12); // four of five movies hold equal shares
  expect(late).toMatchObject({ requests: 3, exposures: 4, distinctMovies: 1, topShare: 1 });
  expect(late.gini).toBeCloseTo(0.8, 12); // one of five holds everything: (n − 1)/n
});

test("popularHead() is the most-watched fifth of the catalogue", () => {
  expect(popularHead(input, ids)).toEqual(new Set(["a"]));
  expect(popularHead(input, ids, 0.4)).toEqual(new Set(["a", "b"]));
});

test("longTailCoverage() gives the tail's share of exposures and of tail movies shown", () => {
  const [early, late] = longTailCoverage(input, buckets, ids);
  expect(early).toMatchObject({ tailExposureShare: 0.75, tailCoverage: 0.75 });
  expect(late).toMatchObject({ tailExposureShare: 0, tailCoverage: 0 });
});
