/** The data one experiment report is computed from: the design, and one row per enrolled user. */
import { z } from "zod";
import { MetricKey } from "./metric-definitions.ts";

/** One arm of the experiment and its configured share of traffic (any positive scale). */
export const ReportVariant = z.strictObject({
  key: z.string().min(1, { error: "variant key must not be empty" }),
  weight: z.number().positive({ error: "variant weight must be positive" }),
});
export type ReportVariant = z.infer<typeof ReportVariant>;

/**
 * The variant of an interleaving experiment whose users get the team-draft merge of pools
 * `a` (team A) and `b` (team B), so the report adds which ranking they prefer.
 */
export const ReportInterleave = z.strictObject({
  variant: z.string().min(1),
  a: z.string().min(1),
  b: z.string().min(1),
});
export type ReportInterleave = z.infer<typeof ReportInterleave>;

/** The experiment as designed: what is compared, on which metrics, at which error rates. */
export const ReportExperiment = z.strictObject({
  key: z.string().min(1),
  hypothesis: z.string(),
  layer: z.string(),
  variants: z.array(ReportVariant).min(2, { error: "an experiment needs at least two variants" }),
  controlVariant: z.string().min(1),
  primaryMetric: MetricKey,
  guardrailMetrics: z.array(MetricKey).default([]),
  /** Family-wise error rate for the Holm family and level of every interval. */
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  /**
   * Total users the experiment was planned for. It only decides where the confidence
   * sequence is tightest; any value fixed in advance keeps its guarantee.
   */
  plannedUsers: z.int().positive().default(10_000),
  /** The relative lift on each metric whose detection power is reported (0.05 = 5%). */
  targetLift: z.number().positive().default(0.05),
  /** The power the minimum detectable effect is computed for. */
  targetPower: z.number().gt(0).lt(1).default(0.8),
  /**
   * "No difference larger than this" on the primary metric, as a relative lift (0.1 = ±10%):
   * the report concludes "equivalent" once the always-valid lift interval lies inside it.
   * Null: no equivalence verdict.
   */
  equivalenceMargin: z.number().gt(0).lt(1).nullable().default(null),
  /**
   * Family-wise error of the guardrails' non-inferiority tests, split evenly over
   * guardrail × treatment; separate from `alpha`, so guardrails never spend the primary's.
   */
  guardrailAlpha: z.number().gt(0).lt(0.5).default(0.05),
  /**
   * Each user's values are their behaviour over this long after their first exposure, so
   * they are final once it has passed and never change between looks (UserRow.windowClosed).
   * The data readers apply it; the report states it and uses it to plan how long to wait.
   */
  observationWindowMs: z.int().positive().default(7 * 86_400_000),
  /** Relative non-inferiority margin per guardrail metric; a metric left out keeps its default. */
  guardrailMargins: z.partialRecord(MetricKey, z.number().gt(0).lt(1)).default({}),
  /** Present for an interleaving experiment only (absent, every other report is unchanged). */
  interleave: ReportInterleave.optional(),
});
export type ReportExperiment = z.infer<typeof ReportExperiment>;

/** One user's totals over the experiment, and their behaviour before first exposure (for CUPED). */
export const UserRow = z.strictObject({
  userId: z.string().min(1),
  variant: z.string().min(1),
  exposures: z.int().nonnegative(),
  requests: z.int().nonnegative(),
  /** Requests followed by a watch of a recommended movie. */
  conversions: z.int().nonnegative(),
  watchMinutes: z.number().nonnegative(),
  /** Sum and count of the user's ratings of recommended movies they watched. */
  ratingSum: z.number().nonnegative(),
  ratingCount: z.int().nonnegative(),
  /** Mean serving latency the user saw over `answers` answers; null when they had none. */
  latencyMsMean: z.number().nonnegative().nullable(),
  /** Answers (any status) the latency mean is over: the latency ratio's denominator. */
  answers: z.int().nonnegative(),
  /** Conversion rate and watch minutes over the same length of time before first exposure. */
  preConversion: z.number().nonnegative(),
  preWatchMinutes: z.number().nonnegative(),
  /** Epoch milliseconds. */
  firstExposureAt: z.int(),
  /**
   * The user's fixed observation window after first exposure has closed, so the values
   * above are final and will not change at a later look. Only such users enter the
   * always-valid sequences that decide; the others are shown in the single-look columns.
   */
  windowClosed: z.boolean().default(true),
}).refine((r) => r.conversions <= r.requests, {
  error: (issue) => `conversions must not exceed requests: got ${JSON.stringify(issue.input)}`,
});
export type UserRow = z.infer<typeof UserRow>;

/**
 * What the interleaving variant's users showed (measurement/interleaving/read-user-preferences.ts):
 * final users by preference, with ties and users without credit kept, the users whose
 * value is not final yet, and the shown lists that could not be credited.
 */
export const InterleavingInput = z.strictObject({
  preferA: z.int().nonnegative(),
  preferB: z.int().nonnegative(),
  ties: z.int().nonnegative(),
  noCredit: z.int().nonnegative(),
  /** Users with an interleaved list whose preference window or last conversion window is still open. */
  pendingUsers: z.int().nonnegative(),
  /** Shown lists answered by one pool alone (the other failed or was late). */
  notInterleavedLists: z.int().nonnegative(),
  /** Shown lists no answer interleaving the two pools matches. */
  unmatchedLists: z.int().nonnegative(),
  /** Answers whose interleaving could not be read (their reasons are the reader's notes). */
  refusedLists: z.int().nonnegative(),
});
export type InterleavingInput = z.infer<typeof InterleavingInput>;

/** A whole report's input; checks the control exists and every row names a known variant once per user. */
export const ExperimentReportInput = z.strictObject({
  experiment: ReportExperiment,
  users: z.array(UserRow),
  /** Present exactly when the experiment interleaves. */
  interleaving: InterleavingInput.optional(),
}).superRefine(({ experiment, users, interleaving }, ctx) => {
  const keys = experiment.variants.map((v) => v.key);
  if (new Set(keys).size !== keys.length) {
    ctx.addIssue({
      code: "custom",
      path: ["experiment", "variants"],
      message: `variant keys must be unique: got ${keys.join(", ")}`,
    });
  }
  if (!keys.includes(experiment.controlVariant)) {
    ctx.addIssue({
      code: "custom",
      path: ["experiment", "controlVariant"],
      message: `controlVariant must be one of ${
        keys.join(", ")
      }: current value is ${experiment.controlVariant}`,
    });
  }
  const interleave = experiment.interleave;
  if (interleave !== undefined) {
    if (!keys.includes(interleave.variant) || interleave.variant === experiment.controlVariant) {
      ctx.addIssue({
        code: "custom",
        path: ["experiment", "interleave", "variant"],
        message: `the interleaving variant must be a variant other than the control ${experiment.controlVariant}: ` +
          `current value is ${interleave.variant}`,
      });
    }
  }
  if ((interleave === undefined) !== (interleaving === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["interleaving"],
      message: interleave === undefined
        ? "preferences were given for an experiment that does not interleave"
        : `the experiment interleaves in ${interleave.variant} but no preferences were given`,
    });
  }
  const seen = new Set<string>();
  users.forEach((row, i) => {
    if (!keys.includes(row.variant)) {
      ctx.addIssue({
        code: "custom",
        path: ["users", i, "variant"],
        message: `unknown variant ${row.variant} for user ${row.userId}`,
      });
    }
    // A user counted twice would be a broken join upstream and would bias every per-user statistic.
    if (seen.has(row.userId)) {
      ctx.addIssue({
        code: "custom",
        path: ["users", i, "userId"],
        message: `user ${row.userId} appears more than once`,
      });
    }
    seen.add(row.userId);
  });
});
export type ExperimentReportInput = z.infer<typeof ExperimentReportInput>;
