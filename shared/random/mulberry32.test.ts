import { expect, test } from "bun:test";
import { mulberry32 } from "./mulberry32.ts";

test("mulberry32() repeats its sequence for the same seed and differs for another", () => {
  const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43);
  const seqA = [a(), a(), a()], seqB = [b(), b(), b()], seqC = [c(), c(), c()];
  expect(seqA).toEqual(seqB);
  expect(seqA).not.toEqual(seqC);
  expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
});
