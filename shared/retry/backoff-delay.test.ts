import { expect, test } from "bun:test";
import { backoffDelay } from "./backoff-delay.ts";

test("backoffDelay() doubles from the base and stops at the cap", () => {
  expect([0, 1, 2, 3, 10, 1000].map((a) => backoffDelay(a, 1000))).toEqual([100, 200, 400, 800, 1000, 1000]);
});

test("backoffDelay() rejects a negative attempt with the value in the message", () => {
  expect(() => backoffDelay(-1, 1000)).toThrow("current value is -1");
});
