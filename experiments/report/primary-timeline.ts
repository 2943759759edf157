/**
 * The primary metric per variant as the experiment filled up: at each of evenly spaced
 * times, the users first exposed by then, with an always-valid interval for the arm mean
 * (so reading the chart at any time is as honest as reading it at the end). Each user's
 * value is their total as of the report: rows carry no per-day history.
 */
import { mixtureHalfWidth, mixturePrecision } from "../../shared/stats/mixture-half-width.ts";
import type { ReportVariant, UserRow } from "./experiment-report-input.ts";
import type { MetricDefinition } from "./metric-definitions.ts";

/** One variant's cumulative mean at one time; bounds are null while the interval is unbounded. */
export type TimelinePoint = {
  readonly at: number;
  readonly variant: string;
  readonly users: number;
  readonly mean: number;
  readonly lower: number | null;
  readonly upper: number | null;
};

/** Cumulative means of `metric` per variant at `points` times from the first to the last exposure. */
export function primaryTimeline(
  rows: readonly UserRow[],
  metric: MetricDefinition,
  variants: readonly ReportVariant[],
  alpha: number,
  plannedUsers: number,
  points = 20,
): TimelinePoint[] {
  if (rows.length === 0) return [];
  const times = rows.map((r) => r.firstExposureAt);
  const first = Math.min(...times), last = Math.max(...times);
  const cuts = first === last
    ? [last]
    : Array.from({ length: points }, (_, k) => first + ((k + 1) / points) * (last - first));
  const totalWeight = variants.reduce((s, v) => s + v.weight, 0);
  const out: TimelinePoint[] = [];
  for (const variant of variants) {
    // Tuned for the users this arm was planned to get, fixed before any data is seen.
    const rho2 = mixturePrecision(alpha, Math.max(1, plannedUsers * variant.weight / totalWeight));
    const arm = rows
      .filter((r) => r.variant === variant.key && metric.value(r) !== null)
      .sort((a, b) => a.firstExposureAt - b.firstExposureAt);
    // One pass over the arm in exposure order, reading the running moments at each cut.
    let k = 0, n = 0, mean = 0, m2 = 0;
    for (const at of cuts) {
      for (; k < arm.length && arm[k].firstExposureAt <= at; k++) {
        const x = metric.value(arm[k])!;
        n++;
        const delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
      }
      if (n === 0) continue;
      const variance = n > 1 ? m2 / (n - 1) : 0;
      const half = n >= 2 ? Math.sqrt(variance) * mixtureHalfWidth(alpha, rho2, n) : Infinity;
      const bounded = Number.isFinite(half);
      out.push({
        at,
        variant: variant.key,
        users: n,
        mean,
        lower: bounded ? mean - half : null,
        upper: bounded ? mean + half : null,
      });
    }
  }
  return out;
}
