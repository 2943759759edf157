import { describe, expect, test } from "bun:test";
import { DEFAULT_EVENT_TIME_BOUNDS } from "../shared/time/event-time-bounds.ts";
import { planBatch, type SourcedLine } from "./plan-batch.ts";

const NOW = Date.UTC(2026, 11, 6, 10, 42, 22);
const HOUR = 3_600_000;
const options = { lateToleranceMs: 60_000, timeBounds: DEFAULT_EVENT_TIME_BOUNDS, nowMs: NOW };
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const sourced = (raws: string[]): SourcedLine[] => raws.map((raw, position) => ({ raw, partition: 0, position }));
const rate = (ms: number, user = 1, movie = "the+matrix+1999") => `${iso(ms)},${user},GET /rate/${movie}=5`;

describe("planBatch() event-time bounds", () => {
  test("planBatch() quarantines a lone line dated 9999 as future_time and keeps the watermark", () => {
    const plan = planBatch(sourced([rate(NOW - 5000), "9999-12-31T23:59,4244,GET /rate/the+matrix+1999=5", rate(NOW - 4000, 2)]), NOW - 10_000, options);
    expect(plan.rejections.map((r) => [r.position, r.reason])).toEqual([[1, "future_time"]]);
    expect(plan.ratings).toHaveLength(2);
    expect(plan.watermark).toBe(NOW - 4000);
    expect(plan.maxEventTime).toBe(NOW - 4000);
  });

  test("planBatch() refuses lines before the floor as past_time, and reads lines at the floor", () => {
    const floor = DEFAULT_EVENT_TIME_BOUNDS.floorMs;
    const plan = planBatch(sourced([rate(floor - 1000), rate(floor, 2), "1970-01-01T00:00,3,GET /rate/a+1=2"]), null, options);
    expect(plan.rejections.map((r) => [r.position, r.reason])).toEqual([[0, "past_time"], [2, "past_time"]]);
    expect(plan.ratings.map((e) => e.time)).toEqual([floor]);
  });

  test("planBatch() reads a line up to the tolerance ahead of the wall clock and refuses one beyond", () => {
    const plan = planBatch(sourced([rate(NOW + HOUR), rate(NOW + HOUR + 1000, 2)]), null, options);
    expect(plan.rejections.map((r) => [r.position, r.reason])).toEqual([[1, "future_time"]]);
    expect(plan.watermark).toBe(NOW + HOUR);
  });

  test("planBatch() follows a stream that runs ahead of the wall clock step by step through its watermark", () => {
    // The simulator at 240×: its stream is days ahead of the wall clock, moving a little per batch.
    const streamAt = NOW + 3 * 24 * HOUR;
    const plan = planBatch(sourced([rate(streamAt + 60_000), rate(streamAt + 30 * 60_000, 2)]), streamAt, options);
    expect(plan.rejections).toEqual([]);
    expect(plan.watermark).toBe(streamAt + 30 * 60_000);
  });

  test("planBatch() believes a jump ahead that a quorum of users makes together, and not two lines", () => {
    const jumped = NOW + 10 * HOUR;
    const three = planBatch(sourced([rate(jumped, 1), rate(jumped + 1000, 2), rate(jumped + 2000, 3)]), NOW, options);
    expect(three.rejections).toEqual([]);
    expect(three.watermark).toBe(jumped + 2000);
    const two = planBatch(sourced([rate(NOW, 1), rate(jumped, 2), rate(jumped + 1000, 3)]), NOW, options);
    expect(two.rejections.map((r) => r.reason)).toEqual(["future_time", "future_time"]);
    expect(two.watermark).toBe(NOW);
  });

  test("planBatch() lets one user's many lines count once towards the quorum", () => {
    const jumped = NOW + 10 * HOUR;
    const plan = planBatch(sourced([rate(jumped, 7, "a+1"), rate(jumped, 7, "b+1"), rate(jumped, 7, "c+1"), rate(NOW, 1)]), NOW, options);
    expect(plan.rejections.map((r) => r.reason)).toEqual(["future_time", "future_time", "future_time"]);
  });

  test("planBatch() judges a part of a batch against the clock the whole batch trusted", () => {
    const jumped = NOW + 10 * HOUR;
    const whole = planBatch(sourced([rate(jumped, 1), rate(jumped, 2), rate(jumped, 3)]), NOW, options);
    const part = planBatch(sourced([rate(jumped, 1)]), NOW, { ...options, trustedClock: whole.trustedClock });
    expect(part.rejections).toEqual([]);
    const alone = planBatch(sourced([rate(jumped, 1)]), NOW, options);
    expect(alone.rejections.map((r) => r.reason)).toEqual(["future_time"]);
  });

  test("planBatch() names the time and the bound in the detail", () => {
    const plan = planBatch(sourced(["9999-12-31T23:59,4244,GET /rate/the+matrix+1999=5"]), null, options);
    expect(plan.rejections[0].detail).toBe(
      "event time 9999-12-31T23:59:00.000Z is more than 3600000 ms ahead of the trusted clock 2026-12-06T10:42:22.000Z",
    );
  });
});
