import { expect, test } from "bun:test";
import { parseTime } from "./parse-time.ts";

const NOW = Date.UTC(2024, 5, 2);

test("parseTime() reads epoch milliseconds and ISO times, and refuses anything else", () => {
  expect(parseTime("1717200000000", NOW)).toBe(1717200000000);
  expect(parseTime("2024-06-01T00:00:00Z", NOW)).toBe(Date.UTC(2024, 5, 1));
  expect(parseTime("yesterday", NOW)).toBeNull();
});

test("parseTime() reads a duration from now", () => {
  expect(parseTime("-24h", NOW)).toBe(Date.UTC(2024, 5, 1));
  expect(parseTime("-30m", NOW)).toBe(NOW - 1_800_000);
  expect(parseTime("+1d", NOW)).toBe(Date.UTC(2024, 5, 3));
  expect(parseTime("-24x", NOW)).toBeNull();
});
