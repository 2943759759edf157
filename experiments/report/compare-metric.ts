/**
 * One metric, one treatment against control: every estimate the report shows for that pair.
 * Two readings. The single-look columns (difference, interval, p, lift, CUPED) use every
 * user so far, as a fixed-horizon analysis would. The always-valid `sequence`, the one the
 * verdict reads, uses only users whose observation window has closed (their values no
 * longer change between looks), with CUPED inside it when the metric has a pre-period
 * covariate, so it stays valid however often the report is read.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { alwaysValidInterval } from "../../shared/stats/always-valid-interval.ts";
import { alwaysValidMde, alwaysValidPower, usersToDetect } from "../../shared/stats/always-valid-power.ts";
import { type CupedDifference, cupedDifference } from "../../shared/stats/cuped-difference.ts";
import { type LinearizedArm, meanArm, ratioArm } from "../../shared/stats/linearized-arm.ts";
import { type SampleMoments, sampleMoments } from "../../shared/stats/sample-moments.ts";
import { welchTTest } from "../../shared/stats/welch-t-test.ts";
import type { UserRow } from "./experiment-report-input.ts";
import type { MetricDefinition, MetricKey } from "./metric-definitions.ts";

/** Settings of one comparison. */
export type CompareSettings = {
  /** Level of the single-look intervals. */
  readonly alpha: number;
  /** Level of this comparison's always-valid sequence (its family's alpha, split as the family needs). */
  readonly sequenceAlpha: number;
  /** Per-user mixture precision of the sequence, fixed from the planned size. */
  readonly rho2: number;
  readonly plannedUsers: number;
  readonly targetLift: number;
  readonly targetPower: number;
};

/** The always-valid reading the verdict uses: users with closed windows only, CUPED inside. */
export type SequenceReading = {
  /** Users in the sequence (closed observation windows), both arms. */
  readonly users: number;
  /** The control arm's (adjusted) value: what relative lifts and margins are relative to. */
  readonly controlValue: number;
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
  /** Always-valid p-value for "no difference". */
  readonly pValue: number;
  /** Relative lift and its always-valid interval at the same level; null when the control is 0. */
  readonly lift: number | null;
  readonly liftLower: number | null;
  readonly liftUpper: number | null;
  /** CUPED was applied (the metric has a pre-period covariate), and the variance it removed. */
  readonly cuped: boolean;
  readonly varianceReduction: number;
  /** Per-user standard deviation of the difference at this allocation: what sizes scale with. */
  readonly perUserSd: number;
  /** The same for the lift; null with the lift. */
  readonly liftPerUserSd: number | null;
};

/** The pair's statistics; the nullable parts are null when an arm has under two values or no spread. */
export type MetricComparison = {
  readonly metric: MetricKey;
  readonly treatment: string;
  /** Per-user values of each arm (for a ratio metric, the users' own ratios: shown, not compared). */
  readonly control: SampleMoments;
  readonly treated: SampleMoments;
  /** Single look, every user: treatment − control (sum over sum for ratio metrics). */
  readonly difference: number;
  readonly ci: readonly [number, number] | null;
  /** Welch's t for a mean metric, the delta-method z for a ratio metric. */
  readonly t: number | null;
  /** Welch–Satterthwaite df; null for a ratio metric (normal reference). */
  readonly df: number | null;
  readonly pValue: number | null;
  /** treatment / control − 1 and its delta-method interval; null when the control is 0. */
  readonly lift: number | null;
  readonly liftCi: readonly [number, number] | null;
  readonly cuped: {
    readonly theta: number;
    readonly difference: number;
    readonly ci: readonly [number, number];
    readonly pValue: number;
    readonly varianceReduction: number;
  } | null;
  readonly sequence: SequenceReading | null;
  /**
   * Power of the always-valid rule to detect targetLift × |control| by the planned size,
   * the effect it detects there with targetPower (absolute and relative), and the users in
   * all it needs to detect targetLift with targetPower.
   */
  readonly power: number | null;
  readonly mde: number | null;
  readonly mdeRelative: number | null;
  readonly usersNeeded: number | null;
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
  const single = singleLook(metric, cRows, tRows, cValues, tValues, settings.alpha);
  // Users whose values are final; when that is everyone, the sequence reuses the single look's fit.
  const cClosed = cRows.filter((r) => r.windowClosed), tClosed = tRows.filter((r) => r.windowClosed);
  const allClosed = cClosed.length === cRows.length && tClosed.length === tRows.length;
  const fit = cClosed.length < 2 || tClosed.length < 2
    ? null
    : allClosed && single.fit
    ? single.fit
    : adjusted(metric, cClosed, tClosed);
  const sequence = fit ? sequenceReading(metric, fit, settings) : null;
  const sizes = sequence && sequence.perUserSd > 0
    ? sizing(sequence.perUserSd, Math.abs(sequence.controlValue), settings)
    : null;
  const { fit: _, ...shown } = single;
  return { metric: metric.key, treatment, control, treated, ...shown, sequence, ...(sizes ?? NO_SIZES) };
}

const NO_SIZES = { power: null, mde: null, mdeRelative: null, usersNeeded: null };

function arm(metric: MetricDefinition, rows: readonly UserRow[]): LinearizedArm {
  return metric.ratio
    ? ratioArm(rows.map(metric.ratio.numerator), rows.map(metric.ratio.denominator))
    : meanArm(rows.map((r) => metric.value(r)!));
}

/** The CUPED fit when the metric has a covariate, the plain difference otherwise. */
function adjusted(metric: MetricDefinition, cRows: readonly UserRow[], tRows: readonly UserRow[]): CupedDifference {
  const x = metric.covariate;
  return cupedDifference(
    arm(metric, cRows),
    arm(metric, tRows),
    x ? { control: cRows.map(x), treated: tRows.map(x) } : null,
  );
}

/** Relative lift t/c − 1 and its delta-method variance from two independent adjusted arms. */
function liftOf(d: CupedDifference): { lift: number; variance: number } | null {
  const c = d.control.estimate, t = d.treated.estimate;
  if (!(c !== 0 && Number.isFinite(c))) return null;
  return { lift: t / c - 1, variance: d.treated.variance / c ** 2 + (t ** 2 * d.control.variance) / c ** 4 };
}

type SingleLook =
  & Pick<MetricComparison, "difference" | "ci" | "t" | "df" | "pValue" | "lift" | "liftCi" | "cuped">
  & { readonly fit: CupedDifference | null };

function singleLook(
  metric: MetricDefinition,
  cRows: readonly UserRow[],
  tRows: readonly UserRow[],
  cValues: readonly number[],
  tValues: readonly number[],
  alpha: number,
): SingleLook {
  const z = normalQuantile(1 - alpha / 2, 0, 1);
  const cArm = arm(metric, cRows), tArm = arm(metric, tRows);
  const estimable = cRows.length >= 2 && tRows.length >= 2;
  const plain = estimable ? cupedDifference(cArm, tArm, null) : null;
  const normal = (d: number, v: number) => {
    const se = Math.sqrt(v);
    return { ci: [d - z * se, d + z * se] as const, t: d / se, pValue: Math.min(1, 2 * normalCdf(-Math.abs(d / se), 0, 1)) };
  };
  let test: { ci: readonly [number, number]; t: number; df: number | null; pValue: number } | null = null;
  if (plain && plain.variance > 0) {
    if (metric.ratio) test = { ...normal(plain.difference, plain.variance), df: null };
    else {
      const welch = welchTTest(sampleMoments(cValues), sampleMoments(tValues), alpha);
      if (welch) test = { ci: welch.ci, t: welch.t, df: welch.df, pValue: welch.pValue };
    }
  }
  const lift = plain ? liftOf(plain) : null;
  const liftHalf = lift ? z * Math.sqrt(lift.variance) : 0;
  const x = metric.covariate;
  const fit = !plain ? null : x ? cupedDifference(cArm, tArm, { control: cRows.map(x), treated: tRows.map(x) }) : plain;
  const cuped = x && fit && fit.variance > 0
    ? (() => {
      const n = normal(fit.difference, fit.variance);
      return { theta: fit.theta, difference: fit.difference, ci: n.ci, pValue: n.pValue, varianceReduction: fit.varianceReduction };
    })()
    : null;
  return {
    difference: tArm.estimate - cArm.estimate,
    ci: test?.ci ?? null,
    t: test?.t ?? null,
    df: test?.df ?? null,
    pValue: test?.pValue ?? null,
    lift: lift?.lift ?? null,
    liftCi: lift && lift.variance > 0 ? [lift.lift - liftHalf, lift.lift + liftHalf] : null,
    cuped,
    fit,
  };
}

function sequenceReading(metric: MetricDefinition, fit: CupedDifference, settings: CompareSettings): SequenceReading {
  const users = fit.control.n + fit.treated.n;
  const { sequenceAlpha: a, rho2 } = settings;
  const diff = alwaysValidInterval(fit.difference, fit.variance, users, a, rho2);
  const lift = liftOf(fit);
  const liftInterval = lift ? alwaysValidInterval(lift.lift, lift.variance, users, a, rho2) : null;
  return {
    users,
    controlValue: fit.control.estimate,
    difference: fit.difference,
    lower: diff.lower,
    upper: diff.upper,
    pValue: diff.pValue,
    lift: lift?.lift ?? null,
    liftLower: liftInterval?.lower ?? null,
    liftUpper: liftInterval?.upper ?? null,
    cuped: metric.covariate !== undefined,
    varianceReduction: fit.varianceReduction,
    perUserSd: Math.sqrt(users * fit.variance),
    liftPerUserSd: lift ? Math.sqrt(users * lift.variance) : null,
  };
}

function sizing(perUserSd: number, scale: number, s: CompareSettings) {
  const mde = alwaysValidMde(perUserSd, s.plannedUsers, s.sequenceAlpha, s.rho2, s.targetPower);
  if (!(scale > 0)) return { power: null, mde, mdeRelative: null, usersNeeded: null };
  const effect = s.targetLift * scale;
  const needed = usersToDetect(effect, perUserSd, s.sequenceAlpha, s.rho2, s.targetPower);
  return {
    power: alwaysValidPower(effect, perUserSd, s.plannedUsers, s.sequenceAlpha, s.rho2),
    mde,
    mdeRelative: mde / scale,
    usersNeeded: Number.isFinite(needed) ? needed : null,
  };
}
