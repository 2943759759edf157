import { describe, expect, test } from "bun:test";
import { readRatings } from "./read-ratings.ts";

describe("readRatings()", () => {
  test("readRatings() builds dense indices and keeps values and times", () => {
    const read = readRatings("10\t7\t4\t100\n20\t7\t5\t200\n10\t9\t1\t300\n", "tab");
    expect(read.users.ids).toEqual(["10", "20"]);
    expect(read.items.ids).toEqual(["7", "9"]);
    expect(Array.from(read.interactions.users)).toEqual([0, 1, 0]);
    expect(Array.from(read.interactions.items)).toEqual([0, 0, 1]);
    expect(Array.from(read.interactions.values)).toEqual([4, 5, 1]);
    expect(Array.from(read.interactions.times)).toEqual([100_000, 200_000, 300_000]);
    expect(read.rejections).toEqual([]);
  });

  test("readRatings() reports every bad line with its number instead of dropping it", () => {
    const text = "userId,movieId,rating,timestamp\n1,2,4.5,10\n\n1,3,9,10\n1,4,3\n";
    const read = readRatings(text, "csv");
    expect(read.interactions.length).toBe(1);
    expect(read.rejections.map((r) => [r.line, r.reason])).toEqual([
      [3, "empty_line"],
      [4, "rating_out_of_range"],
      [5, "wrong_field_count"],
    ]);
  });

  test("readRatings() extends given id maps so a test file shares the training indices", () => {
    const train = readRatings("1::5::3::0\n2::6::4::0", "dat");
    const test = readRatings("2::5::4::0\n3::6::2::0", "dat", train);
    expect(Array.from(test.interactions.users)).toEqual([1, 2]);
    expect(Array.from(test.interactions.items)).toEqual([0, 1]);
    expect(train.users.ids).toEqual(["1", "2", "3"]);
  });
});
