/** One variant's totals and per-user metric means: the "who got what" table of a report. */
import { ratioArm } from "../../shared/stats/linearized-arm.ts";
import { sampleMoments } from "../../shared/stats/sample-moments.ts";
import type { ReportVariant, UserRow } from "./experiment-report-input.ts";
import { type MetricKey, METRICS } from "./metric-definitions.ts";

/** Users, exposure totals and each metric's per-user mean and spread in one variant. */
export type VariantSummary = {
  readonly key: string;
  readonly weight: number;
  readonly isControl: boolean;
  readonly users: number;
  readonly exposures: number;
  readonly requests: number;
  readonly conversions: number;
  /**
   * Users with a value, the arm's value (sum over sum for ratio metrics, else the per-user
   * mean; null with no users) and the per-user values' standard deviation.
   */
  readonly metrics: Readonly<
    Record<MetricKey, { readonly n: number; readonly mean: number | null; readonly sd: number }>
  >;
};

/** Summarises the rows of `variant`. */
export function summarizeVariant(
  variant: ReportVariant,
  isControl: boolean,
  rows: readonly UserRow[],
): VariantSummary {
  const sum = (f: (r: UserRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const metrics = Object.fromEntries(METRICS.map((m) => {
    const valued = rows.filter((r) => m.value(r) !== null);
    const moments = sampleMoments(valued.map((r) => m.value(r)!));
    // A ratio metric's arm value is sum over sum (what the comparisons use), not a mean of users' ratios.
    const ratio = m.ratio ? ratioArm(valued.map(m.ratio.numerator), valued.map(m.ratio.denominator)).estimate : null;
    return [m.key, {
      n: moments.n,
      mean: moments.n === 0 ? null : ratio ?? moments.mean,
      sd: Math.sqrt(moments.variance),
    }];
  })) as VariantSummary["metrics"];
  return {
    key: variant.key,
    weight: variant.weight,
    isControl,
    users: rows.length,
    exposures: sum((r) => r.exposures),
    requests: sum((r) => r.requests),
    conversions: sum((r) => r.conversions),
    metrics,
  };
}
