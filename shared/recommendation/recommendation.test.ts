import { expect, test } from "bun:test";
import { MAX_ANSWER_ITEMS } from "./max-answer-items.ts";
import { recommendationChecks } from "./testing/recommendation-checks.ts";

for (const check of recommendationChecks()) {
  test(check.name, () => {
    expect(check.run()).toEqual(check.expected);
  });
}

test("MAX_ANSWER_ITEMS is the cap the cases pin", () => {
  expect(MAX_ANSWER_ITEMS).toBe(20);
});
