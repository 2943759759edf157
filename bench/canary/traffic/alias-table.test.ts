import { expect, test } from "bun:test";
import { mulberry32 } from "../../../shared/random/mulberry32.ts";
import { aliasTable, drawAlias } from "./alias-table.ts";

test("drawAlias() draws each index in proportion to its weight and never a weight of 0", () => {
  const table = aliasTable([1, 0, 2, 3, 4]);
  const random = mulberry32(3);
  const counts = [0, 0, 0, 0, 0];
  const draws = 200_000;
  for (let i = 0; i < draws; i++) counts[drawAlias(random, table)]++;
  expect(counts[1]).toBe(0);
  // Each share within 4 standard errors of weight / 10 (sd ≤ √(0.25 / 200000) = 0.0011).
  [0.1, 0, 0.2, 0.3, 0.4].forEach((share, i) => expect(Math.abs(counts[i] / draws - share)).toBeLessThan(0.0045));
});

test("aliasTable() refuses negative or non-finite weights and an all-zero table", () => {
  expect(() => aliasTable([1, -1])).toThrow("weight 1 must be a finite number ≥ 0: current value is -1");
  expect(() => aliasTable([1, Number.POSITIVE_INFINITY])).toThrow("current value is Infinity");
  expect(() => aliasTable([0, 0])).toThrow("positive total weight");
});
