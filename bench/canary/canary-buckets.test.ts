import { expect, test } from "bun:test";
import { canaryBuckets } from "./canary-buckets.ts";

test("canaryBuckets() is the step's share without interleaving", () => {
  expect(canaryBuckets(5, undefined)).toEqual({ canaryTo: 0.05, interleavedTo: 0 });
  expect(canaryBuckets(100, undefined)).toEqual({ canaryTo: 1, interleavedTo: 0 });
});

test("canaryBuckets() interleaves the lowest share of the canary's buckets, so a growing step keeps them interleaved", () => {
  expect(canaryBuckets(20, 0.5).canaryTo).toBeCloseTo(0.2, 12);
  expect(canaryBuckets(20, 0.5).interleavedTo).toBeCloseTo(0.1, 12);
  expect(canaryBuckets(50, 0.5).interleavedTo).toBeGreaterThan(canaryBuckets(20, 0.5).interleavedTo);
  expect(canaryBuckets(50, 1)).toEqual({ canaryTo: 0.5, interleavedTo: 0.5 });
});
