import {
  checkInterleavingBounds,
  checkListBounds,
  checkNumberBounds,
  checkReadEventsFitColumns,
  checkTextBounds,
  checkTimeBounds,
} from "./testing/telemetry-bound-properties.ts";
Deno.test("parseTelemetryEvent() reads every number field up to its bound and refuses beyond it as number_out_of_range", () => checkNumberBounds());
Deno.test("parseTelemetryEvent() reads times from 1970 to the last instant a Date shows, refusing before and after as past_time and future_time", () => checkTimeBounds());
Deno.test("parseTelemetryEvent() caps every string and refuses control characters and unpaired surrogates with their own reasons", () => checkTextBounds());
Deno.test("parseTelemetryEvent() reads up to 20 distinct items and 64 assignments, refusing more or repeats with their own reasons", () => checkListBounds());
Deno.test("parseTelemetryEvent() reads only events that fit the telemetry_events columns", () => checkReadEventsFitColumns());
Deno.test("parseTelemetryEvent() reads a team per answered item, at most 20, and refuses teams that contradict the answer", () => checkInterleavingBounds());
