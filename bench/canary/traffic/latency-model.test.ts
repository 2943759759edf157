import { expect, test } from "bun:test";
import { mulberry32 } from "../../../shared/random/mulberry32.ts";
import { drawLatency, type LatencyModel, Z_90, Z_99 } from "./latency-model.ts";

const quantile = (xs: Float64Array, q: number) => xs[Math.floor(q * (xs.length - 1))];
function sample(model: LatencyModel, tail: Parameters<typeof drawLatency>[3] = null, n = 100_000): Float64Array {
  const random = mulberry32(11);
  const users = mulberry32(12);
  // A fresh user per request: the arm's marginal distribution, as many users give it.
  return Float64Array.from({ length: n }, () => drawLatency(random, model, Math.sqrt(-2 * Math.log(1 - users())) * Math.cos(2 * Math.PI * users()), tail)).sort();
}

test("drawLatency() with 1% pauses of Exp(400 ms) puts p99 far above the median", () => {
  const heavy = sample({ medianMs: 40, sigma: 0.5, userSigma: 0.3, pauseShare: 0.01, pauseMeanMs: 400 });
  const median = quantile(heavy, 0.5);
  expect(Math.abs(median - 40) / 40).toBeLessThan(0.03);
  // The body alone has p99 = 40·e^(0.583·2.326) = 155 ms and p99.9 = 40·e^(0.583·3.090) = 242 ms; the pauses lift both.
  expect(quantile(heavy, 0.99)).toBeGreaterThan(4.5 * median);
  expect(quantile(heavy, 0.999)).toBeGreaterThan(600);
});

test("drawLatency() without pauses is lognormal over requests, users' and requests' spreads combined", () => {
  // σ = √(0.35² + 0.3²) = 0.4610; p99 / median = e^(0.4610 · 2.3263) = 2.925.
  const base = sample({ medianMs: 45, sigma: 0.35, userSigma: 0.3, pauseShare: 0, pauseMeanMs: 0 });
  expect(Math.abs(quantile(base, 0.99) / quantile(base, 0.5) - 2.925)).toBeLessThan(0.1);
});

test("drawLatency() with a tail regression doubles p99 and keeps the median", () => {
  const model = { medianMs: 45, sigma: 0.35, userSigma: 0.3, pauseShare: 0, pauseMeanMs: 0 };
  const stable = sample(model);
  const slower = sample(model, { factor: 2, fromZ: Z_90, toZ: Z_99 });
  // The same draws: below the 90th percentile nothing moves.
  expect(quantile(slower, 0.5)).toBe(quantile(stable, 0.5));
  expect(quantile(slower, 0.85)).toBe(quantile(stable, 0.85));
  expect(Math.abs(quantile(slower, 0.99) / quantile(stable, 0.99) - 2)).toBeLessThan(0.03);
  expect(Math.abs(quantile(slower, 0.999) / quantile(stable, 0.999) - 2)).toBeLessThan(0.03);
});
