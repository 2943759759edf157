import { expect, test } from "bun:test";
import { parseTime, parseTimeFlags } from "./parse-time.ts";

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

test("parseTimeFlags() reads the flags given, durations from now included, and names the first bad one", () => {
  const now = Date.UTC(2024, 5, 2);
  expect(parseTimeFlags({ from: "1717200000000", to: undefined }, now)).toEqual({ from: 1717200000000 });
  expect(parseTimeFlags({ from: "-24h" }, now)).toEqual({ from: Date.UTC(2024, 5, 1) });
  expect(parseTimeFlags({ from: "2024-06-01T00:00:00Z", to: "soon" }, now))
    .toBe('--to must be an ISO time, epoch ms or a duration like -24h: current value is "soon"');
});
