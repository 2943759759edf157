import { test } from "bun:test";
import {
  checkInterleavingBounds,
  checkListBounds,
  checkNumberBounds,
  checkReadEventsFitColumns,
  checkTextBounds,
  checkTimeBounds,
} from "./testing/telemetry-bound-properties.ts";

test("parseTelemetryEvent() reads every number field up to its bound and refuses beyond it as number_out_of_range", () => checkNumberBounds());
test("parseTelemetryEvent() reads times from 1970 to the last instant a Date shows, refusing before and after as past_time and future_time", () => checkTimeBounds());
test("parseTelemetryEvent() caps every string and refuses control characters and unpaired surrogates with their own reasons", () => checkTextBounds());
test("parseTelemetryEvent() reads up to 20 distinct items and 64 assignments, refusing more or repeats with their own reasons", () => checkListBounds());
test("parseTelemetryEvent() reads only events that fit the telemetry_events columns", () => checkReadEventsFitColumns());
test("parseTelemetryEvent() reads a team per answered item, at most 20, and refuses teams that contradict the answer", () => checkInterleavingBounds());
