import {
  checkAcceptedEventsFitColumns,
  checkItemBounds,
  checkLatencyBound,
  checkScalarBounds,
} from "./testing/bound-properties.ts";

Deno.test("parseLine() reads latencies up to an hour and refuses longer ones as latency_out_of_range", () => checkLatencyBound());
Deno.test("parseLine() reads up to 20 distinct items and refuses more, or repeats, with their own reasons", () => checkItemBounds());
Deno.test("parseLine() holds servers, user ids, minutes, ratings, statuses and line lengths at their bounds", () => checkScalarBounds());
Deno.test("parseLine() accepts only events that fit their Postgres columns", () => checkAcceptedEventsFitColumns());
