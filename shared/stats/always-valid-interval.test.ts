import { expect, test } from "bun:test";
import { alwaysValidInterval } from "./always-valid-interval.ts";
import { mixturePrecision } from "./mixture-half-width.ts";

// Reference values from numpy 2.4 with the normal-mixture boundary written out:
// alpha 0.05, ρ² tuned for 1,000 users = 0.007936154601737565, 200 users, per-user sd 3:
// half-width 0.7135883466153594; p-value of an estimate 0.9 = 0.006434486104820975.
const rho2 = mixturePrecision(0.05, 1000);

test("alwaysValidInterval() scales the mixture boundary by the per-user standard deviation", () => {
  expect(rho2).toBeCloseTo(0.007936154601737565, 15);
  const s = alwaysValidInterval(0.9, 9 / 200, 200, 0.05, rho2);
  expect(s.upper - s.estimate).toBeCloseTo(0.7135883466153594, 12);
  expect(s.estimate - s.lower).toBeCloseTo(0.7135883466153594, 12);
  expect(s.pValue).toBeCloseTo(0.006434486104820975, 14);
});

test("alwaysValidInterval() p-value reaches alpha exactly where the interval reaches zero", () => {
  const at = (e: number) => alwaysValidInterval(e, 9 / 200, 200, 0.05, rho2);
  expect(at(0.7135883466153594).pValue).toBeCloseTo(0.05, 10);
  expect(at(0).pValue).toBe(1);
  expect(at(2).pValue).toBeLessThan(0.05);
  expect(alwaysValidInterval(0, 0, 200, 0.05, rho2)).toEqual({ estimate: 0, lower: 0, upper: 0, pValue: 1 });
});
