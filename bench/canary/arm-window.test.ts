import { expect, test } from "bun:test";
import { userMoments } from "../../release/judge/user-moments.ts";
import { ArmBuffers, ArmWindow } from "./arm-window.ts";
import type { RequestOutcome } from "./traffic/draw-request.ts";

const answer = (patch: Partial<RequestOutcome>): RequestOutcome => ({
  status: 200, latencyMs: 50, shown: true, converted: false, watchMinutes: 0, rating: 0, ...patch,
});

test("ArmWindow counts errors as 5xx but 504 and timeouts as 504 or answers at or after the site's timeout", () => {
  const window = new ArmWindow(new ArmBuffers(10));
  window.record(0, 1, answer({ status: 500, shown: false }), false);
  window.record(1, 1, answer({ status: 504, shown: false }), false);
  window.record(2, 2, answer({ status: 503, latencyMs: 900, shown: false }), true);
  window.record(3, 2, answer({ latencyMs: 800, shown: false }), true);
  window.record(4, 3, answer({}), false);
  const stats = window.stats();
  expect(stats).toMatchObject({ requests: 5, errors: 2, timeouts: 3, fallbacks: 0 });
  expect(stats.latencyMs).toEqual({ p95: 900 - 0.2 * (900 - 800), p99: 900 - 0.04 * (900 - 800) });
});

test("ArmWindow judges only lists shown before the period's end, each user once with their own rate", () => {
  const window = new ArmWindow(new ArmBuffers(10));
  // User 1: two lists, one converted; user 2: one list, converted, 30 minutes; user 3 only after the end.
  window.record(0, 1, answer({ converted: true, watchMinutes: 20 }), false);
  window.record(10, 2, answer({ converted: true, watchMinutes: 30 }), false);
  window.record(20, 1, answer({}), false);
  window.record(30, 1, answer({ status: 500, shown: false }), false);
  window.record(100, 3, answer({ converted: true, watchMinutes: 5 }), false);
  expect(window.stats().conversion.users).toBe(0);
  window.judgeUntil(100);
  const stats = window.stats();
  const expected = userMoments([1 / 2, 1]);
  expect(stats.conversion.users).toBe(2);
  expect(stats.conversion.mean).toBeCloseTo(expected.mean, 12);
  expect(stats.conversion.variance).toBeCloseTo(expected.variance, 12);
  expect(stats.watch_minutes.mean).toBeCloseTo(userMoments([10, 30]).mean, 12);
  window.judgeUntil(101);
  expect(window.stats().conversion.users).toBe(3);
});

test("ArmWindow over reused buffers starts empty: a new step's window forgets the last one's users", () => {
  const buffers = new ArmBuffers(10);
  const first = new ArmWindow(buffers);
  first.record(0, 4, answer({ converted: true }), false);
  first.record(5, 4, answer({ converted: true }), false);
  first.judgeUntil(10);
  const second = new ArmWindow(buffers);
  second.record(20, 4, answer({}), false);
  second.judgeUntil(30);
  expect(second.stats().conversion).toEqual({ users: 1, mean: 0, variance: 0 });
  expect(second.stats().requests).toBe(1);
});
