/**
 * Simulated traffic for the certification benchmarks: who comes (users of unequal
 * activity), when (arrivals), how fast they are answered (latency), whether the answer
 * fails, and whether a shown list converts. `BASE_TRAFFIC` is an ordinary day; each
 * scenario changes one part of it to the real-world noise it certifies against.
 */
import type { ActivityModel } from "./activity-weights.ts";
import type { ArrivalModel } from "./request-stream.ts";
import type { LatencyModel, TailRegression } from "./latency-model.ts";

/** One site's traffic, the same in both arms unless an ArmEffect says otherwise. */
export type TrafficModel = {
  /** Users who may come; each run draws their arms and propensities afresh. */
  readonly users: number;
  readonly activity: ActivityModel;
  readonly arrivals: ArrivalModel;
  readonly latency: LatencyModel;
  /** Mean conversion of a shown list, and how alike users are (Beta concentration: lower is more spread). */
  readonly conversionRate: number;
  readonly propensityConcentration: number;
  /** Mean minutes watched after a converted list, and the chance the watch is rated. */
  readonly watchMinutesMean: number;
  readonly ratingShare: number;
  /** Independent failures (status 500) of any request. */
  readonly errorRate: number;
  /** Users for whom every request fails that day (isFailingUser). */
  readonly failingUserShare: number;
};

/** What a candidate model changes in its arm: nothing for an A/A comparison. */
export type ArmEffect = {
  /** Multiplies each user's conversion propensity (0.85: a 15% relative drop). */
  readonly conversionFactor: number;
  /** Extra independent failures on top of the traffic's own. */
  readonly errorRate: number;
  readonly latencyTail: TailRegression | null;
};

export const NO_EFFECT: ArmEffect = { conversionFactor: 1, errorRate: 0, latencyTail: null };

/**
 * An ordinary day: 40 requests a second from 200,000 users of lognormal activity (the
 * busiest 1% make about a tenth of the requests), Poisson arrivals, a 45 ms median with a
 * light tail and users ±30% apart, 30% conversion (the simulator's own rate), 0.1% errors.
 */
export const BASE_TRAFFIC: TrafficModel = {
  users: 200_000,
  activity: { kind: "lognormal", sigma: 1 },
  arrivals: { kind: "poisson", perSecond: 40 },
  latency: { medianMs: 45, sigma: 0.35, userSigma: 0.3, pauseShare: 0, pauseMeanMs: 0 },
  conversionRate: 0.3,
  propensityConcentration: 4,
  watchMinutesMean: 40,
  ratingShare: 0.4,
  errorRate: 0.001,
  failingUserShare: 0,
};
