/** One metric, one treatment against control: every estimate the report shows for that pair. */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { cuped } from "../../shared/stats/cuped.ts";
import { meanDifferenceSequence } from "../../shared/stats/mean-difference-sequence.ts";
import { minimumDetectableEffect } from "../../shared/stats/minimum-detectable-effect.ts";
import { type SampleMoments, sampleMoments } from "../../shared/stats/sample-moments.ts";
import { twoSamplePower } from "../../shared/stats/two-sample-power.ts";
import { welchTTest } from "../../shared/stats/welch-t-test.ts";
import type { UserRow } from "./experiment-report-input.ts";
import type { MetricDefinition, MetricKey } from "./metric-definitions.ts";

/** Settings shared by every comparison in one report. */
export type CompareSettings = {
  readonly alpha: number;
  /** Per-user mixture precision of the confidence sequences. */
  readonly rho2: number;
  /** Level of the confidence sequences: alpha split over the treatments (Bonferroni). */
  readonly sequenceAlpha: number;
  readonly targetLift: number;
  readonly targetPower: number;
};

/** The pair's statistics; the nullable parts are null when an arm has under two values or no spread. */
export type MetricComparison = {
  readonly metric: MetricKey;
  readonly treatment: string;
  readonly control: SampleMoments;
  readonly treated: SampleMoments;
  /** Welch's test on per-user values. */
  readonly difference: number;
  readonly ci: readonly [number, number] | null;
  readonly t: number | null;
  readonly df: number | null;
  readonly pValue: number | null;
  /** treatment / control − 1 and its delta-method interval; null when the control mean is 0. */
  readonly lift: number | null;
  readonly liftCi: readonly [number, number] | null;
  readonly cuped: {
    readonly theta: number;
    readonly difference: number;
    readonly ci: readonly [number, number];
    readonly pValue: number;
    readonly varianceReduction: number;
  } | null;
  /** Always-valid interval for the difference at level 1 − sequenceAlpha. */
  readonly sequence:
    | { readonly lower: number; readonly upper: number; readonly pValue: number }
    | null;
  /** Power to detect targetLift × |control mean|, and the effect detectable with targetPower. */
  readonly power: number | null;
  readonly mde: number | null;
  readonly mdeRelative: number | null;
};

/** Compares `metric` between the control and treatment rows. */
export function compareMetric(
  metric: MetricDefinition,
  treatment: string,
  controlRows: readonly UserRow[],
  treatmentRows: readonly UserRow[],
  settings: CompareSettings,
): MetricComparison {
  const pick = (rows: readonly UserRow[]) => rows.filter((r) => metric.value(r) !== null);
  const cRows = pick(controlRows), tRows = pick(treatmentRows);
  const cValues = cRows.map((r) => metric.value(r)!), tValues = tRows.map((r) => metric.value(r)!);
  const control = sampleMoments(cValues), treated = sampleMoments(tValues);
  const welch = welchTTest(control, treated, settings.alpha);
  const sequence = meanDifferenceSequence(control, treated, settings.sequenceAlpha, settings.rho2);
  const lift = liftWithInterval(control, treated, settings.alpha);
  const estimable = control.n >= 2 && treated.n >= 2;
  const scale = Math.abs(control.mean);
  const mde = estimable
    ? minimumDetectableEffect(control, treated, settings.alpha, settings.targetPower)
    : null;
  return {
    metric: metric.key,
    treatment,
    control,
    treated,
    difference: treated.mean - control.mean,
    ci: welch?.ci ?? null,
    t: welch?.t ?? null,
    df: welch?.df ?? null,
    pValue: welch?.pValue ?? null,
    lift: lift?.lift ?? null,
    liftCi: lift?.ci ?? null,
    cuped: metric.covariate
      ? cupedComparison(cValues, tValues, cRows, tRows, metric.covariate, settings.alpha)
      : null,
    sequence: sequence
      ? { lower: sequence.lower, upper: sequence.upper, pValue: sequence.pValue }
      : null,
    power: estimable && scale > 0
      ? twoSamplePower(control, treated, settings.targetLift * scale, settings.alpha)
      : null,
    mde,
    mdeRelative: mde !== null && scale > 0 ? mde / scale : null,
  };
}

function cupedComparison(
  cValues: number[],
  tValues: number[],
  cRows: readonly UserRow[],
  tRows: readonly UserRow[],
  covariate: (row: UserRow) => number,
  alpha: number,
): MetricComparison["cuped"] {
  // θ is fitted on both arms pooled so the same adjustment applies to each.
  const fit = cuped([...cValues, ...tValues], [...cRows, ...tRows].map(covariate));
  const control = sampleMoments(fit.adjusted.slice(0, cValues.length));
  const treated = sampleMoments(fit.adjusted.slice(cValues.length));
  const welch = welchTTest(control, treated, alpha);
  if (!welch) return null;
  return {
    theta: fit.theta,
    difference: welch.difference,
    ci: welch.ci,
    pValue: welch.pValue,
    varianceReduction: fit.varianceReduction,
  };
}

function liftWithInterval(control: SampleMoments, treated: SampleMoments, alpha: number) {
  if (control.n < 2 || treated.n < 2 || control.mean === 0) return null;
  const ratio = treated.mean / control.mean;
  // Delta method for independent arms: Var(t/c) ≈ Var(t)/c² + (t/c)²·Var(c)/c².
  const variance = (treated.variance / treated.n + ratio ** 2 * control.variance / control.n) /
    control.mean ** 2;
  const half = normalQuantile(1 - alpha / 2, 0, 1) * Math.sqrt(variance);
  return { lift: ratio - 1, ci: [ratio - 1 - half, ratio - 1 + half] as const };
}
