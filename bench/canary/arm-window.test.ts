import { expect, test } from "bun:test";
import { userMoments } from "../../release/judge/user-moments.ts";
import { WATCH_MINUTES_CAP } from "../../release/judge/lift-sequence.ts";
import { ArmBuffers, ArmWindow } from "./arm-window.ts";
import type { RequestOutcome } from "./traffic/draw-request.ts";

// Each user's value covers the lists of the 50 ms after their first.
const WINDOW = 50;

const answer = (patch: Partial<RequestOutcome>): RequestOutcome => ({
  status: 200, latencyMs: 50, shown: true, converted: false, watchMinutes: 0, rating: 0, ...patch,
});

test("ArmWindow counts errors as 5xx but 504 and timeouts as 504 or answers at or after the site's timeout", () => {
  const window = new ArmWindow(new ArmBuffers(10), WINDOW);
  window.record(0, 1, answer({ status: 500, shown: false }), false);
  window.record(1, 1, answer({ status: 504, shown: false }), false);
  window.record(2, 2, answer({ status: 503, latencyMs: 900, shown: false }), true);
  window.record(3, 2, answer({ latencyMs: 800, shown: false }), true);
  window.record(4, 3, answer({}), false);
  const stats = window.stats();
  expect(stats).toMatchObject({ requests: 5, errors: 2, timeouts: 3, fallbacks: 0 });
  expect(stats.latencyMs).toEqual({ p95: 900 - 0.2 * (900 - 800), p99: 900 - 0.04 * (900 - 800) });
});

test("ArmWindow enters a user once every list of their window after the first is judged, with that window's rate", () => {
  const window = new ArmWindow(new ArmBuffers(10), WINDOW);
  // User 1: lists at 0 and 20 (one converted) and one at 60, after their window; user 2: one list at 10, converted, 30 minutes.
  window.record(0, 1, answer({ converted: true, watchMinutes: 20 }), false);
  window.record(10, 2, answer({ converted: true, watchMinutes: 30 }), false);
  window.record(20, 1, answer({}), false);
  window.record(30, 1, answer({ status: 500, shown: false }), false);
  window.record(60, 1, answer({ converted: true, watchMinutes: 500 }), false);
  window.record(100, 3, answer({ converted: true, watchMinutes: 5 }), false);
  window.judgeUntil(49);
  expect(window.stats().conversion.users).toBe(0); // user 1's window [0, 50) is not all judged yet
  window.judgeUntil(50);
  expect(window.stats().conversion).toEqual({ users: 1, mean: 0.5, variance: 0 });
  window.judgeUntil(101);
  const stats = window.stats();
  const expected = userMoments([1 / 2, 1]);
  expect(stats.conversion.users).toBe(2); // user 3's window [100, 150) is still open
  expect(stats.conversion.mean).toBeCloseTo(expected.mean, 12);
  expect(stats.conversion.variance).toBeCloseTo(expected.variance, 12);
  expect(stats.watch_minutes.mean).toBeCloseTo(userMoments([10, 30]).mean, 12);
  expect(stats.telemetryUsers).toBe(3);
});

test("ArmWindow caps a user's watch minutes per list at the judge's cap", () => {
  const window = new ArmWindow(new ArmBuffers(10), WINDOW);
  window.record(0, 1, answer({ converted: true, watchMinutes: 1_000 }), false);
  window.judgeUntil(60);
  expect(window.stats().watch_minutes.mean).toBe(WATCH_MINUTES_CAP);
});

test("ArmWindow over reused buffers starts empty: a new step's window forgets the last one's users", () => {
  const buffers = new ArmBuffers(10);
  const first = new ArmWindow(buffers, WINDOW);
  first.record(0, 4, answer({ converted: true }), false);
  first.record(5, 4, answer({ converted: true }), false);
  first.judgeUntil(60);
  const second = new ArmWindow(buffers, WINDOW);
  second.record(20, 4, answer({}), false);
  second.judgeUntil(80);
  expect(second.stats().conversion).toEqual({ users: 1, mean: 0, variance: 0 });
  expect(second.stats().requests).toBe(1);
});

test("ArmWindow counts an interleaved user's requests in telemetry but leaves their lists out of the conversion comparison", () => {
  const window = new ArmWindow(new ArmBuffers(10), WINDOW);
  window.record(0, 1, answer({ converted: true }), false, false);
  window.record(5, 2, answer({}), false);
  window.judgeUntil(100);
  const stats = window.stats();
  expect(stats).toMatchObject({ requests: 2, telemetryUsers: 2 });
  expect(stats.conversion).toEqual({ users: 1, mean: 0, variance: 0 });
});
