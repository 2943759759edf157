import { expect, test } from "bun:test";
import { parseConversionRows } from "./read-conversion.ts";

test("parseConversionRows() reads items and answers from JSON text and rounds the time", () => {
  const answers = JSON.stringify([{ time: 900, userId: 7, pool: "stable", modelVersion: "m1", fallback: false, items: ["a", "b"] }]);
  expect(parseConversionRows([{ time: 1000.4, userId: 7, items: '["a","b"]', converted: true, answers }])).toEqual([
    { time: 1000, userId: 7, items: ["a", "b"], converted: true, answers: [{ time: 900, userId: 7, pool: "stable", modelVersion: "m1", fallback: false, items: ["a", "b"] }] },
  ]);
});

test("parseConversionRows() reads a list without answers", () => {
  expect(parseConversionRows([{ time: 1000, userId: 7, items: '["a"]', converted: false, answers: "[]" }])).toEqual([
    { time: 1000, userId: 7, items: ["a"], converted: false, answers: [] },
  ]);
});

test("parseConversionRows() throws naming the row and field that is malformed", () => {
  expect(() => parseConversionRows([{ time: 1000, userId: 7, items: "[a", converted: false, answers: "[]" }])).toThrow("Cannot read conversion row 0: items: not JSON: [a");
  expect(() => parseConversionRows([{ time: 1000, userId: 7, items: "[]", converted: false, answers: "[]" }])).toThrow("Cannot read conversion row 0: items");
});
