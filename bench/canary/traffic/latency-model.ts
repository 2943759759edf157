/**
 * Serving latency as telemetry records it: lognormal around a median, where part of the
 * spread is the user's own (some users are far from the data centre or have long
 * histories to score) and part the request's, plus rare long pauses (garbage collection,
 * a cold cache) of exponential length. The pauses make the tail heavy: p99 sits far above
 * the median, and a p99 read from a few hundred requests rests on its handful of largest values.
 */
import { gaussian } from "../../../shared/random/gaussian.ts";
import type { Random } from "../../../shared/random/mulberry32.ts";
import { drawExponential } from "../../../simulator/world/random-draws.ts";

/** One arm's latency distribution. */
export type LatencyModel = {
  readonly medianMs: number;
  /** Log-scale spread between requests of one user. */
  readonly sigma: number;
  /** Log-scale spread between users (0: every user alike). */
  readonly userSigma: number;
  /** Share of requests hit by a pause, and the pauses' mean length. */
  readonly pauseShare: number;
  readonly pauseMeanMs: number;
};

/**
 * A slower tail without a slower body: the lognormal's quantiles above the standard
 * normal quantile `fromZ` are stretched, growing to `factor` at `toZ` and beyond (factor
 * 2 from the 90th to the 99th percentile: p99 doubles while the median stays).
 */
export type TailRegression = { readonly factor: number; readonly fromZ: number; readonly toZ: number };

/** Standard normal quantiles of 0.9 and 0.99 (scipy norm.ppf), where a p99 regression starts and ends. */
export const Z_90 = 1.2815515655446004;
export const Z_99 = 2.3263478740408408;

/** One request's latency in ms for a user whose own standard normal latency draw is `userZ`. */
export function drawLatency(random: Random, model: LatencyModel, userZ: number, tail: TailRegression | null = null): number {
  const spread = Math.sqrt(model.sigma * model.sigma + model.userSigma * model.userSigma);
  // Standard normal over all requests (userZ is independent of how active the user is), so a
  // tail regression moves the arm's quantiles, not one user's.
  const z = spread === 0 ? 0 : (model.userSigma * userZ + model.sigma * gaussian(random)) / spread;
  let latency = model.medianMs * Math.exp(spread * z);
  if (tail !== null && z > tail.fromZ) {
    // Monotone in z, so each quantile of the body moves by exactly this factor.
    latency *= 1 + (tail.factor - 1) * Math.min(1, (z - tail.fromZ) / (tail.toZ - tail.fromZ));
  }
  if (model.pauseShare > 0 && random() < model.pauseShare) latency += drawExponential(random, model.pauseMeanMs);
  return latency;
}
