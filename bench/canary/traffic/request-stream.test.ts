import { expect, test } from "bun:test";
import { mulberry32 } from "../../../shared/random/mulberry32.ts";
import { type ArrivalModel, requestStream } from "./request-stream.ts";

/** An hour of `model` with a new user per draw: rate, dispersion of 10 s counts (1 for Poisson), order, requests per user. */
function hourOf(model: ArrivalModel) {
  let users = 0;
  const next = requestStream(model, 0, mulberry32(5), () => users++);
  const counts = new Array<number>(360).fill(0);
  const perUser = new Map<number, { n: number; first: number; last: number }>();
  let previous = 0;
  let ordered = true;
  for (let r = next(); r.time < 3_600_000; r = next()) {
    ordered &&= r.time >= previous;
    previous = r.time;
    counts[Math.floor(r.time / 10_000)]++;
    const u = perUser.get(r.user) ?? { n: 0, first: r.time, last: r.time };
    u.n++;
    u.last = r.time;
    perUser.set(r.user, u);
  }
  const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
  const variance = counts.reduce((s, c) => s + (c - mean) ** 2, 0) / (counts.length - 1);
  const bursts = [...perUser.values()];
  return {
    perSecond: mean / 10,
    dispersion: variance / mean,
    ordered,
    meanRequests: bursts.reduce((s, b) => s + b.n, 0) / bursts.length,
    longestSpanMs: Math.max(...bursts.map((b) => b.last - b.first)),
  };
}

test("requestStream() Poisson at 40 a second: the rate, in order, Poisson dispersion, one request per draw", () => {
  const hour = hourOf({ kind: "poisson", perSecond: 40 });
  expect(hour.ordered).toBe(true);
  expect(Math.abs(hour.perSecond - 40)).toBeLessThan(1);
  expect(Math.abs(hour.dispersion - 1)).toBeLessThan(0.3);
  expect(hour.meanRequests).toBe(1);
});

test("requestStream() in bursts keeps the rate and comes in one user's clusters seconds apart", () => {
  const hour = hourOf({ kind: "bursts", perSecond: 40, meanRequests: 8, meanGapMs: 5_000 });
  expect(hour.ordered).toBe(true);
  expect(Math.abs(hour.perSecond - 40) / 40).toBeLessThan(0.05);
  // A burst's requests all belong to its user: about 8 per user, within minutes.
  expect(Math.abs(hour.meanRequests - 8)).toBeLessThan(0.3);
  expect(hour.longestSpanMs).toBeLessThan(10 * 60_000);
  // Counts vary more than Poisson's: whole bursts would give E[K²]/E[K] = 120/8 = 15 (geometric K, mean 8);
  // a burst lasts about 35 s, so a 10 s window holds a part of one and the ratio is about 3.5.
  expect(hour.dispersion).toBeGreaterThan(2.5);
});

test("requestStream() refuses a rate that is not positive and a burst under one request", () => {
  expect(() => requestStream({ kind: "poisson", perSecond: 0 }, 0, mulberry32(1), () => 0)).toThrow("current value is 0");
  expect(() => requestStream({ kind: "bursts", perSecond: 1, meanRequests: 0.5, meanGapMs: 1 }, 0, mulberry32(1), () => 0)).toThrow("current value is 0.5");
});
