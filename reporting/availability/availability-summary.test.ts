import { expect, test } from "bun:test";
import { summarizeAvailability } from "./availability-summary.ts";
import { ok, slowFallback } from "./testing/request-groups.ts";

test("summarizeAvailability() counts fallbacks in time as available and degraded, failures by cause", () => {
  const summary = summarizeAvailability([ok(0, 90), ok(0, 6, { fallback: true, fallbackReason: "no_rules" }), slowFallback(1, 3), ok(1, 1, { inTime: false })]);
  expect(summary).toEqual({ requests: 100, available: 96, availability: 0.96, degraded: 6, unavailable: { "no worker answered": 3, "slow answers": 1 } });
  expect(summarizeAvailability([]).availability).toBeNull();
});
