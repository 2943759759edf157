/**
 * The experiment an operator writes in a JSON file for `bun run experiment create`: how
 * it assigns users (which becomes the rules' experiment) and what it sets out to learn
 * (which becomes its design row). Defaults fill what most experiments share. A variant's
 * worker flags are checked against the workers' own schema (shared/recommendation/
 * worker-flags.ts, through the rules' Variant), so `popularityBlend: 8` is refused here,
 * at create time, instead of being dropped by every worker on every request.
 *
 * A variant with `interleave: { a, b }` makes it an interleaving experiment: that variant's
 * users get the team-draft merge of pools a and b, and the report adds which of the two
 * rankings users prefer. Exactly one variant may interleave and the control may not; that
 * both pools exist is the rules validator's check when the experiment joins the rules.
 */
import { z } from "zod";
import { MetricKey } from "../report/metric-definitions.ts";
import { Fraction, Name, UserSelector, Variant } from "../../shared/rules/index.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../../shared/telemetry/conversion-window.ts";

/** Longest conversion window: a week, well inside the design column's 32-bit integer. */
export const MAX_CONVERSION_WINDOW_MS = 7 * 24 * 3_600_000;

/** Each user's values cover this long after their first exposure unless the document says otherwise. */
export const DEFAULT_OBSERVATION_WINDOW_MS = 7 * 24 * 3_600_000;

/** Longest observation window: three weeks, inside the design column's 32-bit integer. */
export const MAX_OBSERVATION_WINDOW_MS = 21 * 24 * 3_600_000;

/** The slice [start, end) of a layer the experiment takes; experiments sharing a layer never share a user. */
export const ExperimentLayer = z.strictObject({
  name: Name,
  start: Fraction.default(0),
  end: Fraction.default(1),
}).superRefine((layer, ctx) => {
  if (layer.start >= layer.end) {
    ctx.addIssue({
      code: "custom",
      path: ["end"],
      message: `end (${layer.end}) must be above start (${layer.start}): the slice is [start, end)`,
    });
  }
});
export type ExperimentLayer = z.infer<typeof ExperimentLayer>;

const required = (field: string, what: string) => ({
  error: (issue: { input: unknown }) =>
    issue.input === undefined ? `${field} is required: ${what}` : undefined,
});

/** An experiment file as written, with defaults filled in; unknown fields are refused, not ignored. */
export const ExperimentDocument = z.strictObject({
  key: z.string(required("key", "the experiment's name in the rules")).pipe(Name),
  hypothesis: z.string(required("hypothesis", "say what you expect to change and why"))
    .trim()
    .min(1, { error: "hypothesis must not be empty: say what you expect to change and why" }),
  layer: ExperimentLayer.optional(),
  /** Defaults to the key; give one explicitly to rename an experiment without reshuffling users. */
  seed: z.string().min(1, { error: "seed must not be empty (leave it out to use the key)" })
    .optional(),
  coverage: Fraction.default(1),
  targeting: UserSelector.optional(),
  variants: z.array(Variant, required("variants", "list at least two variants"))
    .min(2, { error: "an experiment needs at least two variants" }),
  /** Defaults to the first variant. */
  control: Name.optional(),
  primaryMetric: MetricKey.default("conversion"),
  guardrailMetrics: z.array(MetricKey).default(["latency_ms"]),
  conversionWindowMs: z.number().int().min(1000, {
    error: "conversionWindowMs must be at least 1000 (one second of stream time)",
  }).max(MAX_CONVERSION_WINDOW_MS, {
    error: `conversionWindowMs must be at most ${MAX_CONVERSION_WINDOW_MS} (a week)`,
  }).default(DEFAULT_CONVERSION_WINDOW_MS),
  /**
   * "No difference larger than this" on the primary metric, as a relative lift (0.1 = ±10%):
   * the report concludes "equivalent" once the always-valid lift interval lies inside it.
   * Left out: the report never concludes "equivalent".
   */
  equivalenceMargin: z.number().gt(0, {
    error: "equivalenceMargin must be above 0: it is a relative lift such as 0.1 for ±10%",
  }).lt(1, { error: "equivalenceMargin must be below 1: it is a relative lift such as 0.1 for ±10%" })
    .optional(),
  /**
   * The users (all arms) the experiment plans to reach: the always-valid sequences are
   * tightest there, and power and MDE are stated for it. Left out: the report's default.
   */
  plannedUsers: z.int().min(100, { error: "plannedUsers must be at least 100" })
    .max(100_000_000, { error: "plannedUsers must be at most 100000000" }).optional(),
  /** How long after first exposure each user's values are collected before they count, fixed. */
  observationWindowMs: z.number().int().min(1000, {
    error: "observationWindowMs must be at least 1000 (one second)",
  }).max(MAX_OBSERVATION_WINDOW_MS, {
    error: `observationWindowMs must be at most ${MAX_OBSERVATION_WINDOW_MS} (three weeks)`,
  }).default(DEFAULT_OBSERVATION_WINDOW_MS),
}).superRefine((doc, ctx) => {
  const keys = doc.variants.map((v) => v.key);
  if (doc.control !== undefined && !keys.includes(doc.control)) {
    ctx.addIssue({
      code: "custom",
      path: ["control"],
      message: `control ${JSON.stringify(doc.control)} is not a variant (${keys.join(", ")})`,
    });
  }
  // An interleaving experiment compares the two pools one variant merges, beside a control
  // served as usual (the arm its latency and SRM are judged against): more than one merge,
  // or a merged control, leaves the report nothing unambiguous to compare.
  const interleaving = doc.variants.filter((v) => v.interleave !== undefined);
  if (interleaving.length > 1) {
    ctx.addIssue({
      code: "custom",
      path: ["variants"],
      message: `only one variant may interleave: ${interleaving.map((v) => v.key).join(", ")} do; ` +
        "compare further pairs in separate experiments",
    });
  }
  const control = doc.control ?? doc.variants[0]?.key;
  const controlIndex = doc.variants.findIndex((v) => v.key === control);
  if (controlIndex >= 0 && doc.variants[controlIndex].interleave !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["variants", controlIndex, "interleave"],
      message: `the control ${JSON.stringify(control)} must not interleave: it is the arm served as usual ` +
        "that the interleaving variant's latency and sample ratio are judged against",
    });
  }
  if (doc.guardrailMetrics.includes(doc.primaryMetric)) {
    ctx.addIssue({
      code: "custom",
      path: ["guardrailMetrics"],
      message:
        `${doc.primaryMetric} is the primary metric; a metric cannot also be its own guardrail`,
    });
  }
}).transform((doc) => ({
  ...doc,
  seed: doc.seed ?? doc.key,
  control: doc.control ?? doc.variants[0].key,
}));
export type ExperimentDocument = z.infer<typeof ExperimentDocument>;
