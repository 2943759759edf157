import { expect, test } from "bun:test";
import { isJudgedUntil, judgedPeriod, lastJudgedPeriod } from "./judged-period.ts";

test("judgedPeriod() ends one window before the stream's clock", () => {
  expect(judgedPeriod({ from: 1000, streamEnd: 10_000, windowMs: 600 })).toEqual({ from: 1000, to: 9400, closesAt: 10_000, windowMs: 600 });
});

test("judgedPeriod() ends at `to` when the stream has run past it", () => {
  expect(judgedPeriod({ from: 1000, to: 5000, streamEnd: 10_000, windowMs: 600 })).toEqual({ from: 1000, to: 5000, closesAt: 5600, windowMs: 600 });
});

test("judgedPeriod() is empty without a clock or before one window has passed", () => {
  expect(judgedPeriod({ from: 1000, streamEnd: null, windowMs: 600 }).to).toBe(1000);
  expect(judgedPeriod({ from: 1000, streamEnd: 1500, windowMs: 600 }).to).toBe(1000);
});

test("lastJudgedPeriod() is the period just before clock minus window", () => {
  expect(lastJudgedPeriod(10_000, 600, 3600)).toEqual({ from: 5800, to: 9400, closesAt: 10_000, windowMs: 600 });
});

test("isJudgedUntil() holds exactly when the stream ran one window past the time", () => {
  expect(isJudgedUntil(9400, 10_000, 600)).toBe(true);
  expect(isJudgedUntil(9401, 10_000, 600)).toBe(false);
});
