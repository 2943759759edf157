/** The per-user metrics an experiment report compares, and how each comes out of a user row. */
import { z } from "zod";
import type { UserRow } from "./experiment-report-input.ts";

/** The metrics a report knows; an experiment picks its primary and guardrails from these. */
export const MetricKey = z.enum(["conversion", "watch_minutes", "rating", "latency_ms"]);
export type MetricKey = z.infer<typeof MetricKey>;

/**
 * A ratio metric's parts per user: the arm's value is Σnumerator / Σdenominator over its
 * users (every request weighs the same), compared with the delta method, never as a mean
 * of per-user ratios.
 */
export type RatioParts = {
  readonly numerator: (row: UserRow) => number;
  readonly denominator: (row: UserRow) => number;
};

/**
 * The tolerated relative harm on a guardrail (0.05 = 5% of the control's value): a
 * guardrail passes its non-inferiority test when the always-valid interval shows it worse
 * by less than this, and stops the experiment when it shows it worse by more.
 */
export const DEFAULT_NON_INFERIORITY_MARGIN = 0.05;

/** How one metric is read per user; null means the user has no value (e.g. no requests, no ratings). */
export type MetricDefinition = {
  readonly key: MetricKey;
  readonly label: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  /** The per-user value (for a ratio metric, the user's own ratio: shown, never compared). */
  readonly value: (row: UserRow) => number | null;
  /** Present for ratio metrics: compared as sum over sum per arm. */
  readonly ratio?: RatioParts;
  /** Relative non-inferiority margin when the metric is a guardrail. */
  readonly nonInferiorityMargin: number;
  /** The same behaviour before exposure, for CUPED; absent when none is collected. */
  readonly covariate?: (row: UserRow) => number;
};

/**
 * Every metric, in report order. Randomisation is by user, so users are the unit of every
 * variance; rates per request, per rating or per answer are ratio metrics.
 */
export const METRICS: readonly MetricDefinition[] = [
  {
    key: "conversion",
    label: "Conversion (watches of recommended movies per request)",
    unit: "",
    higherIsBetter: true,
    value: (r) => (r.requests > 0 ? r.conversions / r.requests : null),
    ratio: { numerator: (r) => r.conversions, denominator: (r) => r.requests },
    covariate: (r) => r.preConversion,
    nonInferiorityMargin: DEFAULT_NON_INFERIORITY_MARGIN,
  },
  {
    key: "watch_minutes",
    label: "Watch minutes per user",
    unit: "min",
    higherIsBetter: true,
    value: (r) => r.watchMinutes,
    covariate: (r) => r.preWatchMinutes,
    nonInferiorityMargin: DEFAULT_NON_INFERIORITY_MARGIN,
  },
  {
    key: "rating",
    label: "Rating per rated recommended movie watched",
    unit: "",
    higherIsBetter: true,
    value: (r) => (r.ratingCount > 0 ? r.ratingSum / r.ratingCount : null),
    ratio: { numerator: (r) => r.ratingSum, denominator: (r) => r.ratingCount },
    nonInferiorityMargin: DEFAULT_NON_INFERIORITY_MARGIN,
  },
  {
    key: "latency_ms",
    label: "Serving latency per answer",
    unit: "ms",
    higherIsBetter: false,
    value: (r) => (r.answers > 0 ? r.latencyMsMean : null),
    ratio: { numerator: (r) => (r.latencyMsMean ?? 0) * r.answers, denominator: (r) => r.answers },
    nonInferiorityMargin: DEFAULT_NON_INFERIORITY_MARGIN,
  },
];

/** The definition of `key`. */
export function metricDefinition(key: MetricKey): MetricDefinition {
  const found = METRICS.find((m) => m.key === key);
  if (!found) throw new Error(`unknown metric: ${key}`);
  return found;
}
