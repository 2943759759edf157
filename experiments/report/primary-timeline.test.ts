import { expect, test } from "bun:test";
import type { UserRow } from "./experiment-report-input.ts";
import { metricDefinition } from "./metric-definitions.ts";
import { primaryTimeline } from "./primary-timeline.ts";

const user = (variant: string, at: number, watchMinutes: number): UserRow => ({
  userId: `${variant}-${at}`,
  variant,
  exposures: 1,
  requests: 1,
  conversions: 0,
  watchMinutes,
  ratingSum: 0,
  ratingCount: 0,
  latencyMsMean: 100,
  answers: 1,
  preConversion: 0,
  preWatchMinutes: 0,
  firstExposureAt: at,
  windowClosed: true,
});

test("primaryTimeline() gives cumulative means by first exposure, unbounded until two users", () => {
  const rows = [user("a", 0, 10), user("a", 50, 30), user("a", 100, 50), user("b", 100, 7)];
  const points = primaryTimeline(
    rows,
    metricDefinition("watch_minutes"),
    [{ key: "a", weight: 1 }, { key: "b", weight: 1 }],
    0.05,
    100,
    2,
  );
  expect(points.map((p) => [p.variant, p.at, p.users, p.mean])).toEqual([["a", 50, 2, 20], [
    "a",
    100,
    3,
    30,
  ], ["b", 100, 1, 7]]);
  expect(points[2].lower).toBeNull();
  expect(points[1].lower!).toBeLessThan(30);
  expect(points[1].upper! - 30).toBeCloseTo(30 - points[1].lower!, 12);
});
