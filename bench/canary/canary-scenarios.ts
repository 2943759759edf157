/**
 * The canary certification scenarios. A/A (`aa_`): the canary is the stable model, so
 * every rollback is false; each adds one kind of real-world noise to an ordinary day. A/B
 * (`ab_`): the canary is worse in one way, and every rollback is a correct one. The
 * `_interleave_` scenarios run the optional interleaved preference test (policy
 * `interleave`); its A/A ones carry all the A/A noise at once.
 */
import { CanaryPolicy, InterleavePolicy } from "../../release/policy/canary-policy.ts";
import { Z_90, Z_99 } from "./traffic/latency-model.ts";
import { type ArmEffect, BASE_TRAFFIC, NO_EFFECT, type TrafficModel } from "./traffic/traffic-model.ts";

/** One scenario: the traffic both arms get, and what the canary changes. */
export type CanaryScenario = {
  readonly name: string;
  readonly summary: string;
  readonly traffic: TrafficModel;
  readonly canary: ArmEffect;
  /** The interleaved preference test the release runs with; absent: the default policy, which does not interleave. */
  readonly interleave?: InterleavePolicy;
};

/** The policy a scenario's releases are judged by: the defaults, with the scenario's interleaving if any. */
export function scenarioPolicy(scenario: CanaryScenario): CanaryPolicy {
  return CanaryPolicy.parse(scenario.interleave === undefined ? {} : { interleave: scenario.interleave });
}

/** Half of each step's canary users interleaved, beside the conversion comparison on the other half. */
export const INTERLEAVE_ALONGSIDE: InterleavePolicy = InterleavePolicy.parse({ share: 0.5, mode: "alongside" });

/** Half of each step's canary users interleaved, the preference test alone judging quality. */
export const INTERLEAVE_INSTEAD: InterleavePolicy = InterleavePolicy.parse({ share: 0.5, mode: "instead" });

/** Lognormal latency plus 1% pauses of Exp(400 ms), as garbage collection or a cold cache gives. */
export const HEAVY_LATENCY = { medianMs: 40, sigma: 0.5, userSigma: 0.3, pauseShare: 0.01, pauseMeanMs: 400 } as const;

/** Requests in bursts of one user's: 8 on average, 5 s apart on average (a user paging through rows of recommendations). */
export const BURSTS = { meanRequests: 8, meanGapMs: 5_000 } as const;

/** The noise of the A/A scenarios at once: heavy-tailed latency, bursts, 1% of users failing every request. */
const NOISY_TRAFFIC: TrafficModel = {
  ...BASE_TRAFFIC,
  latency: HEAVY_LATENCY,
  arrivals: { kind: "bursts", perSecond: BASE_TRAFFIC.arrivals.perSecond, ...BURSTS },
  failingUserShare: 0.01,
};

/** Every scenario, A/A first, by name. */
export const CANARY_SCENARIOS: readonly CanaryScenario[] = [
  {
    name: "aa_heavy_latency",
    summary: "lognormal latency with 1% pauses of Exp(400 ms), the same in both arms",
    traffic: { ...BASE_TRAFFIC, latency: HEAVY_LATENCY },
    canary: NO_EFFECT,
  },
  {
    name: "aa_clustered_failures",
    summary: "1% of users fail every request, in both arms",
    traffic: { ...BASE_TRAFFIC, failingUserShare: 0.01 },
    canary: NO_EFFECT,
  },
  {
    name: "aa_low_base_rate",
    summary: "conversion 5% instead of 30%",
    traffic: { ...BASE_TRAFFIC, conversionRate: 0.05 },
    canary: NO_EFFECT,
  },
  {
    name: "aa_unequal_activity",
    summary: "Zipf activity (exponent 1): the busiest 1% of users make most requests",
    traffic: { ...BASE_TRAFFIC, activity: { kind: "zipf", exponent: 1 } },
    canary: NO_EFFECT,
  },
  {
    name: "aa_bursty",
    summary: "requests in bursts: each user's come 8 at a time on average, 5 s apart",
    traffic: { ...BASE_TRAFFIC, arrivals: { kind: "bursts", perSecond: BASE_TRAFFIC.arrivals.perSecond, ...BURSTS } },
    canary: NO_EFFECT,
  },
  {
    name: "aa_interleave_alongside",
    summary: "half the canary's users interleaved, alongside conversion; heavy latency, bursts and 1% failing users",
    traffic: NOISY_TRAFFIC,
    canary: NO_EFFECT,
    interleave: INTERLEAVE_ALONGSIDE,
  },
  {
    name: "aa_interleave_instead",
    summary: "half the canary's users interleaved, instead of conversion; heavy latency, bursts and 1% failing users",
    traffic: NOISY_TRAFFIC,
    canary: NO_EFFECT,
    interleave: INTERLEAVE_INSTEAD,
  },
  {
    name: "ab_conversion_drop_15",
    summary: "the canary's lists convert 15% less (relative)",
    traffic: BASE_TRAFFIC,
    canary: { ...NO_EFFECT, conversionFactor: 0.85 },
  },
  {
    name: "ab_interleave_drop_15",
    summary: "the canary's lists convert 15% less (relative); half the canary's users interleaved, instead of conversion",
    traffic: BASE_TRAFFIC,
    canary: { ...NO_EFFECT, conversionFactor: 0.85 },
    interleave: INTERLEAVE_INSTEAD,
  },
  {
    name: "ab_broken_half",
    summary: "the canary fails half its requests",
    traffic: BASE_TRAFFIC,
    canary: { ...NO_EFFECT, errorRate: 0.5 },
  },
  {
    name: "ab_latency_p99_x2",
    summary: "the canary's p99 latency is twice stable's, its median unchanged",
    traffic: BASE_TRAFFIC,
    canary: { ...NO_EFFECT, latencyTail: { factor: 2, fromZ: Z_90, toZ: Z_99 } },
  },
];
