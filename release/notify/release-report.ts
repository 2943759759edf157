/**
 * Everything the release email reports about one finished release: the release, and
 * each canary traffic step with its timing, decision, figures per arm and the tests
 * behind the decision. Validated where it enters (supervisor state, outbox files).
 */
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

/** One statistical test of a step and its evidence, in the five shapes the judge produces. */
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
  /** The sequential sample-ratio check: the canary's share of single-arm users against the step's. */
  z.object({
    kind: z.literal("sample_ratio"),
    metric: z.string().min(1),
    outcome: TestOutcome,
    expectedShare: z.number().min(0).max(1),
    observedShare: z.number().min(0).max(1),
    canaryUsers: z.number().int().min(0),
    stableUsers: z.number().int().min(0),
    logEvidence: z.number(),
  }),
  /**
   * The interleaved preference test: final interleaved users preferring stable (team A) or
   * the candidate (team B), ties and users with no credit, and the share preferring the
   * candidate with its always-valid interval and p-value at the test's alpha. `share` is
   * null before any user has a preference.
   */
  z.object({
    kind: z.literal("preference"),
    metric: z.string().min(1),
    outcome: TestOutcome,
    mode: z.enum(["alongside", "instead"]),
    preferStable: z.number().int().min(0),
    preferCandidate: z.number().int().min(0),
    ties: z.number().int().min(0),
    noCredit: z.number().int().min(0),
    share: z.number().min(0).max(1).nullable(),
    lower: z.number().min(0).max(1),
    upper: z.number().min(0).max(1),
    pValue: z.number().min(0).max(1),
    alpha: z.number().gt(0).lt(1),
    /** The pass side (absent from reports written before it existed): the interval's lower end at `passAlpha`, against ½ − `margin`. */
    passLower: z.number().min(0).max(1).optional(),
    passAlpha: z.number().gt(0).lt(1).optional(),
    margin: z.number().gt(0).lt(0.5).optional(),
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

/** How the release ended: promoted to 100 %, rolled back by the judge, or stopped before or outside the judge. */
export const ReleaseOutcome = z.enum(["promoted", "rolled_back", "aborted"]);
export type ReleaseOutcome = z.infer<typeof ReleaseOutcome>;

/** The release report; the id is restricted to filename-safe characters because it names the outbox file. */
export const ReleaseReport = z.object({
  releaseId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "must be 1–128 letters, digits, '.', '_' or '-'"),
  modelVersion: z.string().min(1),
  previousVersion: z.string().min(1).nullable(),
  outcome: ReleaseOutcome,
  /** Where the release stopped, e.g. `canary 20%` or `offline gate`. */
  stage: z.string().min(1),
  reason: z.string().min(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** "unknown" when the model was built outside a git checkout and without CODE_COMMIT. */
  codeCommit: z.string().regex(/^(?:[0-9a-f]{7,40}|unknown)$/, "must be a 7–40 character lowercase hex commit or unknown"),
  dataSnapshotId: z.string().min(1),
  // Only http(s): the link becomes an href, and a javascript: URL would run in the reader's mail client.
  buildLink: z.url({ protocol: /^https?$/ }).optional(),
  steps: z.array(ReleaseStep),
});
export type ReleaseReport = z.infer<typeof ReleaseReport>;
