/** The per-user metrics an experiment report compares, and how each comes out of a user row. */
import { z } from "zod";
import type { UserRow } from "./experiment-report-input.ts";

/** The metrics a report knows; an experiment picks its primary and guardrails from these. */
export const MetricKey = z.enum(["conversion", "watch_minutes", "rating", "latency_ms"]);
export type MetricKey = z.infer<typeof MetricKey>;

/** How one metric is read per user; null means the user has no value (e.g. no requests, no ratings). */
export type MetricDefinition = {
  readonly key: MetricKey;
  readonly label: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly value: (row: UserRow) => number | null;
  /** The same behaviour before exposure, for CUPED; absent when none is collected. */
  readonly covariate?: (row: UserRow) => number;
};

/** Every metric, in report order. Per-user values: each user weighs the same, as randomisation is by user. */
export const METRICS: readonly MetricDefinition[] = [
  {
    key: "conversion",
    label: "Conversion (watches of recommended movies per request)",
    unit: "",
    higherIsBetter: true,
    value: (r) => (r.requests > 0 ? r.conversions / r.requests : null),
    covariate: (r) => r.preConversion,
  },
  {
    key: "watch_minutes",
    label: "Watch minutes per user",
    unit: "min",
    higherIsBetter: true,
    value: (r) => r.watchMinutes,
    covariate: (r) => r.preWatchMinutes,
  },
  {
    key: "rating",
    label: "Mean rating of recommended movies watched",
    unit: "",
    higherIsBetter: true,
    value: (r) => (r.ratingCount > 0 ? r.ratingSum / r.ratingCount : null),
  },
  {
    key: "latency_ms",
    label: "Mean serving latency",
    unit: "ms",
    higherIsBetter: false,
    value: (r) => (r.requests > 0 ? r.latencyMsMean : null),
  },
];

/** The definition of `key`. */
export function metricDefinition(key: MetricKey): MetricDefinition {
  const found = METRICS.find((m) => m.key === key);
  if (!found) throw new Error(`unknown metric: ${key}`);
  return found;
}
