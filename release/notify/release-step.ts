/** One canary traffic step as the release email shows it: timing, decision, figures per arm and the tests behind the decision. */
import { z } from "zod";

/** What became of a step; skipped steps never ran because the release ended earlier. */
export const StepOutcome = z.enum(["pass", "fail", "keep_watching", "skipped"]);
export type StepOutcome = z.infer<typeof StepOutcome>;

/** One arm's figures over the step's window; null where the window had too little data to say. */
export const ArmFigures = z.object({
  users: z.number().int().min(0),
  requests: z.number().int().min(0),
  conversion: z.number().min(0).max(1).nullable(),
  /** Unavailable ÷ requests: not answered 200 before the site's timeout (measurement/availability). A fallback in time is not an error. */
  errorRate: z.number().min(0).max(1),
  /** Degraded ÷ requests: answered in time from the router's fallback list. Absent in reports built before it was measured. */
  degradedRate: z.number().min(0).max(1).optional(),
  p99Ms: z.number().min(0).nullable(),
});
export type ArmFigures = z.infer<typeof ArmFigures>;

const TestOutcome = z.enum(["pass", "fail", "keep_watching"]);

/** One statistical test of a step and its evidence, in the three shapes the judge produces. */
export const StepTest = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("lift"),
    metric: z.string().min(1),
    outcome: TestOutcome,
    lift: z.number(),
    lower: z.number(),
    upper: z.number(),
  }),
  z.object({
    kind: z.literal("count"),
    metric: z.string().min(1),
    outcome: TestOutcome,
    canaryRate: z.number().min(0).max(1),
    stableRate: z.number().min(0).max(1),
    logBayesFactor: z.number(),
  }),
  z.object({
    kind: z.literal("latency"),
    metric: z.string().min(1),
    outcome: TestOutcome,
    stableMs: z.number().min(0),
    canaryMs: z.number().min(0),
    limitMs: z.number().min(0),
  }),
]);
export type StepTest = z.infer<typeof StepTest>;

/** A step of the release; a skipped step has no times and no figures. */
export const ReleaseStep = z.object({
  percent: z.number().gt(0).max(100),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  outcome: StepOutcome,
  reasons: z.array(z.string()),
  stable: ArmFigures.nullable(),
  canary: ArmFigures.nullable(),
  tests: z.array(StepTest),
});
export type ReleaseStep = z.infer<typeof ReleaseStep>;
