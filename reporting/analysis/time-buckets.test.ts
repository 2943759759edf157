import { expect, test } from "bun:test";
import { bucketOf, timeBuckets } from "./time-buckets.ts";

test("timeBuckets() cuts the period into equal buckets ending exactly at its end", () => {
  expect(timeBuckets(0, 100, 4)).toEqual([{ start: 0, end: 25 }, { start: 25, end: 50 }, { start: 50, end: 75 }, { start: 75, end: 100 }]);
  expect(timeBuckets(0, 10, 3).map((b) => b.end)).toEqual([3, 7, 10]);
  expect(timeBuckets(5, 5, 3)).toEqual([]);
  expect(() => timeBuckets(0, 1, 0)).toThrow("current value is 0");
});

test("bucketOf() finds a time's bucket and -1 outside the period", () => {
  const buckets = timeBuckets(0, 10, 3);
  expect([0, 2, 3, 6, 7, 9].map((t) => bucketOf(buckets, t))).toEqual([0, 0, 1, 1, 2, 2]);
  expect(bucketOf(buckets, -1)).toBe(-1);
  expect(bucketOf(buckets, 10)).toBe(-1);
});
