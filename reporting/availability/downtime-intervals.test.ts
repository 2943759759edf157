import { expect, test } from "bun:test";
import { downtimeIntervals } from "./downtime-intervals.ts";
import { M, ok, refused, slowFallback } from "./testing/request-groups.ts";

test("downtimeIntervals() merges consecutive minutes below 99%, and an empty minute splits them", () => {
  const groups = [
    ok(0, 100), // 100%
    ok(1, 99), slowFallback(1, 1), // 99%: not down
    ok(2, 98), slowFallback(2, 2), // 98%
    ok(3, 50), slowFallback(3, 40), ok(3, 10, { inTime: false }), // 50%
    // minute 4: no requests
    ok(5, 1), refused(5, 3), // 25%
  ];
  expect(downtimeIntervals(groups, { from: 0, to: 10 * M })).toEqual([
    { from: 2 * M, to: 4 * M, requests: 200, availability: 148 / 200, cause: "no worker answered", causes: { "no worker answered": 42, "slow answers": 10 } },
    { from: 5 * M, to: 6 * M, requests: 4, availability: 0.25, cause: "router unreachable", causes: { "router unreachable": 3 } },
  ]);
});

test("downtimeIntervals() clips intervals to the window and prefers a known cause on a tie", () => {
  const groups = [ok(0, 1, { status: 0, error: "?" }), ok(0, 1, { status: 503 })];
  expect(downtimeIntervals(groups, { from: 30_000, to: 45_000 })).toEqual([
    { from: 30_000, to: 45_000, requests: 2, availability: 0, cause: "error answers", causes: { unknown: 1, "error answers": 1 } },
  ]);
});
