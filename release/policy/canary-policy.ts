/**
 * The canary release policy: traffic steps, check cadence, sample minimums,
 * error budgets (alpha) and thresholds. Every default is justified in
 * release/README.md; a change of default is a change of that document too.
 */
import { z } from "zod";

/** Quality metrics measured per user (the user is the unit of analysis). */
export const QualityMetric = z.enum(["conversion", "watch_minutes"]);
export type QualityMetric = z.infer<typeof QualityMetric>;

/** One traffic step: the canary's share, how long it is held at least, and whether quality must be proven to leave it. */
export const CanaryStep = z.object({
  percent: z.number().gt(0).max(100),
  minDurationMs: z.number().int().min(0),
  requireQuality: z.boolean(),
});
export type CanaryStep = z.infer<typeof CanaryStep>;

const MINUTE = 60_000;

/** Guardrails: failures with the user as the unit, latency quantiles; each an always-valid one-sided test. */
export const GuardrailPolicy = z.object({
  /**
   * Accepted and ignored: the guardrails' error budget is now their part of the release's
   * one budget, `falseRollbackAlpha` (release/judge/error-budget.ts). Kept so older policy
   * files still parse.
   */
  alpha: z.number().gt(0).lt(0.5).optional(),
  /**
   * A canary fails once its users' mean failure share is significantly more than this
   * (absolute) above the reference's: the null hypothesis is "excess ≤ tolerance".
   */
  maxErrorRateExcess: z.number().min(0).max(1).default(0.01),
  maxTimeoutRateExcess: z.number().min(0).max(1).default(0.01),
  maxFallbackRateExcess: z.number().min(0).max(1).default(0.02),
  /** Canary p95/p99 may be at most this multiple of stable's (its time-uniform upper bound), plus the slack. */
  maxP95Ratio: z.number().min(1).default(1.5),
  maxP99Ratio: z.number().min(1).default(1.25),
  latencySlackMs: z.number().min(0).default(20),
  /** Canary requests before the latency tests run (the tests are valid earlier; this only skips hopeless looks). */
  minRequestsForLatency: z.number().int().min(1).default(500),
  /** Canary users with a failure needed before a failure test may fail the canary (no rollback on one unlucky user). */
  minFailuresToFail: z.number().int().min(1).default(5),
});
export type GuardrailPolicy = z.infer<typeof GuardrailPolicy>;

/** Quality: per-user means compared by betting evidence on the relative lift (release/judge/lift-sequence.ts). */
export const QualityPolicy = z.object({
  /**
   * Error budget of a quality pass, per step, split across metrics: the chance that a
   * step passes a canary whose loss is `minimumHarm` or more. A false rollback spends the
   * release's `falseRollbackAlpha` instead.
   */
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  metrics: z.array(QualityMetric).min(1).default(["conversion"]),
  /** Smallest relative harm worth detecting: pass needs the lower bound above −this. */
  minimumHarm: z.number().gt(0).lt(1).default(0.1),
  /** Power the sequence is tuned for at the planned sample (sets where it is tightest). */
  plannedPower: z.number().gt(0.5).lt(1).default(0.8),
  /** Users per arm before quality may pass: the evidence is valid from the first user; a pass should rest on more than a handful. */
  minUsersPerArm: z.number().int().min(2).default(300),
  /**
   * Accepted and ignored: the betting evidence is valid from the first user, so failing
   * needs no minimum. Kept so older policy files still parse.
   */
  minUsersToFail: z.number().int().min(2).optional(),
});
export type QualityPolicy = z.infer<typeof QualityPolicy>;

/**
 * The optional interleaved quality test: the first `share` of each step's canary users
 * get stable's list (team A) and the candidate's (team B) merged by team draft, and the
 * share of them preferring the candidate is tested (release/judge/judge-preference.ts).
 * They stay canary users for the sample-ratio check. `alongside`: the step's quality needs
 * the conversion comparison and the preference test both; `instead`: the preference test
 * alone. Either way a preference for stable rolls the release back, and the step's
 * quality passes once users are shown not to prefer stable by more than `margin`, as the
 * conversion comparison passes a candidate no worse than its smallest harm: a candidate
 * as good as stable must be able to ship.
 */
export const InterleavePolicy = z.object({
  // Below 1: an interleaved answer waits for both pools, so the latency guardrails need
  // canary users served by the candidate alone (bench:canary's share-1 A/A failed p99 in
  // every run under heavy-tailed latency).
  share: z.number().gt(0).lt(1, {
    error: "interleave.share must be below 1: the latency guardrails judge the canary users the candidate serves alone",
  }),
  mode: z.enum(["alongside", "instead"]),
  /**
   * Users with a preference at which the preference sequence is tightest (its mixture is
   * fixed before the release, so any value keeps the guarantee; it only moves where the
   * test is quickest).
   */
  plannedUsers: z.number().int().min(1).default(1_000),
  /**
   * How far below one half the share of users preferring the candidate may be and still
   * pass the step's quality: the smallest preference for stable that matters.
   */
  margin: z.number().gt(0).lt(0.5).default(0.05),
});
export type InterleavePolicy = z.infer<typeof InterleavePolicy>;

/** The whole policy with its documented defaults. */
export const CanaryPolicy = z.object({
  steps: z.array(CanaryStep).min(1).default([
    { percent: 5, minDurationMs: 10 * MINUTE, requireQuality: false },
    { percent: 20, minDurationMs: 10 * MINUTE, requireQuality: false },
    { percent: 50, minDurationMs: 10 * MINUTE, requireQuality: true },
    { percent: 100, minDurationMs: 0, requireQuality: false },
  ]),
  /**
   * The release's one error budget for a false rollback: the chance that a canary no worse
   * than stable is rolled back by any test at any step, split explicitly across steps and
   * tests (release/judge/error-budget.ts).
   */
  falseRollbackAlpha: z.number().gt(0).lt(0.5).default(0.025),
  /** How often the supervisor aggregates telemetry and asks the judge. */
  checkIntervalMs: z.number().int().min(1_000).default(MINUTE),
  /** Longest a step may stay inconclusive before `onInconclusive` applies. */
  maxStepDurationMs: z.number().int().min(MINUTE).default(120 * MINUTE),
  /** Canary requests per step before a pass (guardrails had a chance to see a problem). */
  minCanaryRequests: z.number().int().min(1).default(1_000),
  guardrails: GuardrailPolicy.default(GuardrailPolicy.parse({})),
  quality: QualityPolicy.default(QualityPolicy.parse({})),
  /**
   * What a step still inconclusive at `maxStepDurationMs` becomes. `extend` (default): it
   * is watched on for `inconclusiveExtensions` more such periods (the sequences stay valid
   * however long they run) and rolled back only if still inconclusive then; `rollback` and
   * `promote` apply at once.
   */
  onInconclusive: z.enum(["extend", "rollback", "promote"]).default("extend"),
  inconclusiveExtensions: z.number().int().min(0).max(100).default(5),
  /** The interleaved quality test; absent (off) by default. */
  interleave: InterleavePolicy.optional(),
}).refine((p) => p.steps.every((s, i) => i === 0 || s.percent > p.steps[i - 1].percent), {
  message: "steps must have strictly increasing percent",
  path: ["steps"],
});
export type CanaryPolicy = z.infer<typeof CanaryPolicy>;

/** When a step that has not concluded ends under `policy.onInconclusive`, in ms after it began. */
export function stepDeadlineMs(policy: CanaryPolicy): number {
  return policy.onInconclusive === "extend" ? policy.maxStepDurationMs * (1 + policy.inconclusiveExtensions) : policy.maxStepDurationMs;
}

/** The policy with every default. */
export function defaultCanaryPolicy(): CanaryPolicy {
  return CanaryPolicy.parse({});
}
