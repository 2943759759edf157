import { expect, test } from "bun:test";
import { nextDesignTimes, type RunTimes } from "./next-design-times.ts";

const never: RunTimes = {
  startedAt: null,
  stoppedAt: null,
  streamStartedAt: null,
  streamStoppedAt: null,
};
const d = (ms: number) => new Date(ms);

test("nextDesignTimes() records a first start on both clocks", () => {
  expect(nextDesignTimes(never, "running", 1_000, 9_000)).toEqual({
    startedAt: d(1_000),
    stoppedAt: null,
    streamStartedAt: d(9_000),
    streamStoppedAt: null,
  });
});

test("nextDesignTimes() records a stop and keeps the start", () => {
  const running = nextDesignTimes(never, "running", 1_000, 9_000);
  expect(nextDesignTimes(running, "stopped", 2_000, 20_000)).toEqual({
    startedAt: d(1_000),
    stoppedAt: d(2_000),
    streamStartedAt: d(9_000),
    streamStoppedAt: d(20_000),
  });
});

test("nextDesignTimes() keeps the first start on a restart and clears the stop", () => {
  const stopped = {
    startedAt: d(1_000),
    stoppedAt: d(2_000),
    streamStartedAt: d(9_000),
    streamStoppedAt: d(20_000),
  };
  expect(nextDesignTimes(stopped, "running", 3_000, 30_000)).toEqual({
    startedAt: d(1_000),
    stoppedAt: null,
    streamStartedAt: d(9_000),
    streamStoppedAt: null,
  });
});
