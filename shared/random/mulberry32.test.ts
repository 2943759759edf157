import { expect, test } from "bun:test";
import { mulberry32 } from "./mulberry32.ts";

test("mulberry32() repeats its sequence for the same seed and differs for another", () => {
  const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43);
  const seqA = [a(), a(), a()], seqB = [b(), b(), b()], seqC = [c(), c(), c()];
  expect(seqA).toEqual(seqB);
  expect(seqA).not.toEqual(seqC);
  expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
});

test("shuffleInPlace() permutes without losing values", async () => {
  const { shuffleInPlace } = await import("./shuffle-in-place.ts");
  const values = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
  shuffleInPlace(values, mulberry32(3));
  expect(Array.from(values).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(Array.from(values)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
});
