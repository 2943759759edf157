import { expect, test } from "bun:test";
import { experimentWindows } from "./experiment-windows.ts";

const MIN = 60_000;
const base = {
  startedAt: 1_000 * MIN,
  stoppedAt: null,
  streamStartedAt: 5_000 * MIN,
  streamStoppedAt: null,
  conversionWindowMs: 10 * MIN,
  now: 1_120 * MIN,
  streamClock: 5_120 * MIN,
};

test("experimentWindows() judges a running experiment up to one conversion window before the stream clock", () => {
  expect(experimentWindows(base)).toEqual({
    exposure: { from: 1_000 * MIN, to: 1_120 * MIN },
    behaviour: { from: 5_000 * MIN, to: 5_110 * MIN },
    pre: { from: 4_880 * MIN, to: 4_990 * MIN },
    conversionWindowMs: 10 * MIN,
  });
});

test("experimentWindows() ends a stopped experiment at its stop times", () => {
  const w = experimentWindows({ ...base, stoppedAt: 1_060 * MIN, streamStoppedAt: 5_060 * MIN });
  expect(w.exposure).toEqual({ from: 1_000 * MIN, to: 1_060 * MIN });
  expect(w.behaviour).toEqual({ from: 5_000 * MIN, to: 5_050 * MIN });
  expect(w.pre).toEqual({ from: 4_940 * MIN, to: 4_990 * MIN });
});

test("experimentWindows() caps the stream stop at the ingested clock", () => {
  const w = experimentWindows({ ...base, streamStoppedAt: 5_200 * MIN, streamClock: 5_030 * MIN });
  expect(w.behaviour).toEqual({ from: 5_000 * MIN, to: 5_020 * MIN });
});

test("experimentWindows() judges nothing before one conversion window has passed or without a stream clock", () => {
  expect(experimentWindows({ ...base, streamClock: 5_004 * MIN }).behaviour).toEqual({
    from: 5_000 * MIN,
    to: 5_000 * MIN,
  });
  const unknown = experimentWindows({ ...base, streamClock: null });
  expect(unknown.behaviour.to - unknown.behaviour.from).toBe(0);
  expect(unknown.pre.to - unknown.pre.from).toBe(0);
});

test("experimentWindows() keeps a fixed pre-period and maps the observation window onto the wall clock", () => {
  const w = experimentWindows({ ...base, observationWindowMs: 60 * MIN });
  expect(w.pre).toEqual({ from: 4_930 * MIN, to: 4_990 * MIN });
  // The clocks ran together (120 min each): the wall-clock window is the stream one.
  expect(w.observationWallMs).toBe(60 * MIN);
  // A stream ten times faster than the wall clock: 1,200 stream minutes in 120 wall minutes.
  const fast = experimentWindows({ ...base, streamClock: 6_200 * MIN, observationWindowMs: 60 * MIN });
  expect(fast.pre).toEqual({ from: 4_930 * MIN, to: 4_990 * MIN });
  expect(fast.observationWallMs).toBe(6 * MIN);
  expect(experimentWindows(base).observationWallMs).toBeUndefined();
});
