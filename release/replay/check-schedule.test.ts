import { expect, test } from "bun:test";
import { recordedStreamClock, recordingChecks, stepChecks } from "./check-schedule.ts";

test("a recording is checked at every interval it reaches into, from its first event", () => {
  expect(recordingChecks(1000, 1000, 60_000)).toEqual([{ to: 61_000, elapsedMs: 60_000 }]);
  // Events until 59.999 s after the first: one interval; one more millisecond reaches the second.
  expect(recordingChecks(0, 59_999, 60_000).map((c) => c.elapsedMs)).toEqual([60_000]);
  expect(recordingChecks(0, 60_000, 60_000).map((c) => c.to)).toEqual([60_000, 120_000]);
  expect(recordingChecks(500, 500 + 3 * 60_000 - 1, 60_000).map((c) => c.to)).toEqual([60_500, 120_500, 180_500]);
});

test("a recorded step is checked every interval and last where it ended, never past its end", () => {
  expect(stepChecks(0, 150_000, 60_000)).toEqual([
    { to: 60_000, elapsedMs: 60_000 },
    { to: 120_000, elapsedMs: 120_000 },
    { to: 150_000, elapsedMs: 150_000 },
  ]);
  expect(stepChecks(10, 10 + 120_000, 60_000).map((c) => c.elapsedMs)).toEqual([60_000, 120_000]);
  expect(stepChecks(5, 5, 60_000)).toEqual([]);
  expect(stepChecks(5, 4, 60_000)).toEqual([]);
});

test("the stream's clock is laid linearly onto the telemetry's span and stops at its last event", () => {
  const realSite = { telemetry: { first: 1000, last: 61_000 }, stream: { first: 5000, last: 65_000 } };
  expect(recordedStreamClock(realSite, 1000)).toBe(5000);
  expect(recordedStreamClock(realSite, 31_000)).toBe(35_000);
  expect(recordedStreamClock(realSite, 120_000)).toBe(65_000);
  // A site simulated 30× faster: one telemetry minute is half an hour of stream.
  const simulated = { telemetry: { first: 0, last: 60_000 }, stream: { first: 1_000_000, last: 1_000_000 + 1_800_000 } };
  expect(recordedStreamClock(simulated, 2000)).toBe(1_060_000);
  // One instant of telemetry: the stream runs at its own pace from its first event.
  expect(recordedStreamClock({ telemetry: { first: 7, last: 7 }, stream: { first: 100, last: 900 } }, 57)).toBe(150);
  expect(recordedStreamClock({ telemetry: { first: 0, last: 10 }, stream: null }, 5)).toBeNull();
});
