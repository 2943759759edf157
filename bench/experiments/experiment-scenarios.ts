/**
 * The experiment certification scenarios, all A/A (the treatment is the control, so every
 * "stop" and every "ship" is false). An experiment runs for weeks on a slice of the site:
 * 12,000 users of whom about 10,000 come within 30 days (the reports' default planned
 * size), about 1,700 requests a day. Each scenario adds one kind of real-world noise,
 * as the canary scenarios do, on the experiment's time scale.
 */
import { BURSTS, HEAVY_LATENCY } from "../canary/canary-scenarios.ts";
import { BASE_TRAFFIC, type TrafficModel } from "../canary/traffic/traffic-model.ts";

/** One A/A scenario: the traffic both variants get. */
export type ExperimentScenario = { readonly name: string; readonly summary: string; readonly traffic: TrafficModel };

const PER_SECOND = 0.02;

/** An ordinary month for one experiment: the canary's ordinary day at the experiment's scale. */
export const EXPERIMENT_TRAFFIC: TrafficModel = { ...BASE_TRAFFIC, users: 12_000, arrivals: { kind: "poisson", perSecond: PER_SECOND } };

/** Every scenario, by name. */
export const EXPERIMENT_SCENARIOS: readonly ExperimentScenario[] = [
  {
    name: "aa_heavy_latency",
    summary: "lognormal latency with 1% pauses of Exp(400 ms)",
    traffic: { ...EXPERIMENT_TRAFFIC, latency: HEAVY_LATENCY },
  },
  {
    name: "aa_clustered_failures",
    summary: "each day 1% of users fail every request",
    traffic: { ...EXPERIMENT_TRAFFIC, failingUserShare: 0.01 },
  },
  {
    name: "aa_low_base_rate",
    summary: "conversion 5% instead of 30%",
    traffic: { ...EXPERIMENT_TRAFFIC, conversionRate: 0.05 },
  },
  {
    name: "aa_unequal_activity",
    summary: "Zipf activity (exponent 1): the busiest 1% of users make most requests",
    traffic: { ...EXPERIMENT_TRAFFIC, activity: { kind: "zipf", exponent: 1 } },
  },
  {
    name: "aa_bursty",
    summary: "requests in bursts: each user's come 8 at a time on average, 5 s apart",
    traffic: { ...EXPERIMENT_TRAFFIC, arrivals: { kind: "bursts", perSecond: PER_SECOND, ...BURSTS } },
  },
];
