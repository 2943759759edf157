import { expect, test } from "bun:test";
import { convertingStarts } from "./converting-starts.ts";
import { conversionCases } from "./testing/conversion-checks.ts";

const c = conversionCases();
for (const [name, input, expected] of c.conversion) {
  test(`convertingStarts(): ${name}`, () => {
    expect(convertingStarts(input.lists, input.starts, input.windowMs).map((s) => s.length > 0)).toEqual(expected);
  });
}

test("convertingStarts(): an empty list never converts", () => {
  expect(convertingStarts([{ userId: 1, time: 0, items: [] }], [{ userId: 1, movieId: "a", firstTime: 0 }], 1000)).toEqual([[]]);
});
