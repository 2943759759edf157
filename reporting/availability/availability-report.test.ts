import { expect, test } from "bun:test";
import { buildAvailabilityReport } from "./availability-report.ts";
import { M, ok, refused, slowFallback } from "./testing/request-groups.ts";

test("buildAvailabilityReport() judges both sources independently and tags each interval with its source", () => {
  const report = buildAvailabilityReport({
    from: 0, to: 3 * M,
    telemetry: [ok(0, 10), slowFallback(1, 10)],
    stream: [ok(0, 10), refused(2, 5)],
  });
  expect(report.telemetry).toEqual({ requests: 20, available: 10, availability: 0.5, degraded: 0, unavailable: { "no worker answered": 10 } });
  expect(report.stream).toEqual({ requests: 15, available: 10, availability: 10 / 15, unavailable: { "router unreachable": 5 } });
  expect(report.downtime.map((d) => [d.source, d.from, d.to, d.cause])).toEqual([
    ["telemetry", "1970-01-01T00:01:00.000Z", "1970-01-01T00:02:00.000Z", "no worker answered"],
    ["stream", "1970-01-01T00:02:00.000Z", "1970-01-01T00:03:00.000Z", "router unreachable"],
  ]);
  expect(report.clocks).toContain("stream on the site's own clock");
});
