/** Builds an experiment report from validated input: pure, deterministic, no I/O. */
import { holmBonferroni } from "../../shared/stats/holm-bonferroni.ts";
import { mixturePrecision } from "../../shared/stats/mixture-half-width.ts";
import { SRM_THRESHOLD, srmCheck } from "../../shared/stats/srm-check.ts";
import { compareMetric, type CompareSettings, type MetricComparison } from "./compare-metric.ts";
import { usersToDetect } from "../../shared/stats/always-valid-power.ts";
import { type AssessedComparison, decideConclusion } from "./decide-conclusion.ts";
import type { ExperimentReportInput, UserRow } from "./experiment-report-input.ts";
import { type ExperimentOutlook, type ExperimentReport, REPORT_VERSION } from "./experiment-report.ts";
import { metricDefinition, type MetricKey, METRICS } from "./metric-definitions.ts";
import { primaryTimeline } from "./primary-timeline.ts";
import { interleavingMethod, preferencePrimary, preferenceSettings, summarizeInterleaving } from "./summarize-interleaving.ts";
import { summarizeVariant } from "./summarize-variant.ts";

/** Computes every section of the report for `input` (parse it with ExperimentReportInput first). */
export function buildExperimentReport(input: ExperimentReportInput): ExperimentReport {
  const { experiment, users } = input;
  const { alpha, controlVariant, primaryMetric, guardrailMetrics } = experiment;
  const byVariant = new Map<string, UserRow[]>(experiment.variants.map((v) => [v.key, []]));
  for (const row of users) byVariant.get(row.variant)!.push(row);

  const srm = srmCheck(
    experiment.variants.map((v) => byVariant.get(v.key)!.length),
    experiment.variants.map((v) => v.weight),
  );
  const variants = experiment.variants.map((v) =>
    summarizeVariant(v, v.key === controlVariant, byVariant.get(v.key)!)
  );

  const treatments = experiment.variants.filter((v) => v.key !== controlVariant).map((v) => v.key);
  const secondaries = METRICS.filter((m) => m.key !== primaryMetric && !guardrailMetrics.includes(m.key));
  // Three families, each with its own error budget: the primary (alpha), the guardrails
  // (guardrailAlpha, so they never spend the primary's), and the secondaries (shown only).
  const levelOf = (metric: MetricKey) =>
    metric === primaryMetric
      ? alpha / treatments.length
      : guardrailMetrics.includes(metric)
      ? experiment.guardrailAlpha / (guardrailMetrics.length * treatments.length)
      : alpha / (secondaries.length * treatments.length);
  const settingsOf = (metric: MetricKey): CompareSettings => {
    const sequenceAlpha = levelOf(metric);
    return {
      alpha,
      sequenceAlpha,
      rho2: mixturePrecision(sequenceAlpha, experiment.plannedUsers),
      plannedUsers: experiment.plannedUsers,
      targetLift: experiment.targetLift,
      targetPower: experiment.targetPower,
    };
  };
  const raw: MetricComparison[] = METRICS.flatMap((metric) =>
    treatments.map((t) =>
      compareMetric(metric, t, byVariant.get(controlVariant)!, byVariant.get(t)!, settingsOf(metric.key))
    )
  );
  // One Holm family over every single-look p-value shown, so no cell of the table is an uncorrected claim.
  const holm = holmOver(raw, (c) => c.pValue);
  const sequenceHolm = new Map([
    ...holmOver(raw.filter((c) => c.metric === primaryMetric), (c) => c.sequence?.pValue ?? null),
    ...holmOver(raw.filter((c) => secondaries.some((m) => m.key === c.metric)), (c) => c.sequence?.pValue ?? null),
  ]);
  const comparisons: AssessedComparison[] = raw.map((c) =>
    assess(c, holm.get(c) ?? null, sequenceHolm.get(c) ?? null, experiment)
  );

  // An interleaving experiment is decided by which of its two pools users prefer; its arms
  // are still checked for SRM and compared on every metric (latency above all) like any other.
  const { interleave } = experiment;
  const interleaving = interleave && input.interleaving
    ? summarizeInterleaving(experiment, interleave, byVariant.get(interleave.variant)!.length, input.interleaving)
    : undefined;
  const conclusion = decideConclusion(srm, comparisons, {
    primary: primaryMetric,
    alpha,
    treatments,
    equivalenceMargin: experiment.equivalenceMargin,
    ...(interleaving && { preference: preferenceSettings(interleaving) }),
  });
  const headline = comparisons.find((c) =>
    c.metric === primaryMetric && c.treatment === (conclusion.treatment ?? treatments[0])
  )!;
  const outlook: ExperimentOutlook = interleaving
    ? {
      usersInSequence: interleaving.final_users,
      usersNeeded: interleaving.users_needed,
      moreUsers: interleaving.more_users,
      moreDays: null,
    }
    : conclusiveOutlook(headline, users, experiment, settingsOf(primaryMetric));
  const tested = raw.filter((c) => c.pValue !== null);
  return {
    version: REPORT_VERSION,
    experiment,
    method: {
      test: `single look: Welch's t test on per-user values for mean metrics, the delta method on sum over sum ` +
        `per arm for ratio metrics (${ratioKeys()}); ${pct(1 - alpha)} intervals; lift intervals by the delta method`,
      multiplicity:
        `Holm–Bonferroni over all ${tested.length} single-look comparisons (shown), and over the primary's ` +
        `always-valid p-values at alpha ${alpha} (decides); guardrails have their own alpha ${experiment.guardrailAlpha}`,
      confidenceSequence:
        `asymptotic normal-mixture confidence sequence (Robbins 1970; Waudby-Smith et al. 2023) on users whose ` +
        `${days(experiment.observationWindowMs)}-day observation window after first exposure has closed, CUPED inside; ` +
        `level ${pct(1 - levelOf(primaryMetric))} per treatment on the primary, tuned for ${experiment.plannedUsers} users; ` +
        `valid under continuous peeking; every verdict reads it`,
      cuped:
        "CUPED with each user's pre-exposure value of the same metric over an equally long pre-period, θ the pooled within-arm slope",
      srm:
        `chi-square goodness of fit of users per variant against the configured weights; mismatch when p < ${SRM_THRESHOLD}`,
      power:
        `of the always-valid rule at the planned ${experiment.plannedUsers} users and level ${pct(levelOf(primaryMetric))}: ` +
        `power for a ${pct(experiment.targetLift)} lift, minimum detectable effect at ${pct(experiment.targetPower)} power`,
      guardrails: `non-inferiority: each guardrail's always-valid lift interval at level ` +
        `${pct(1 - levelOf(guardrailMetrics[0] ?? primaryMetric))} must stay within its margin (${
          guardrailMetrics.map((m) => `${m} ${pct(marginOf(m, experiment))}`).join(", ") || "none"
        }) to ship; wholly beyond it stops`,
      equivalence: experiment.equivalenceMargin === null
        ? "no equivalence margin declared"
        : `"equivalent" when every treatment's always-valid lift interval on ${primaryMetric} lies inside ±${
          pct(experiment.equivalenceMargin)
        }`,
      ...(interleaving && { interleaving: interleavingMethod(experiment, interleaving) }),
    },
    srm: { ...srm, variants: experiment.variants.map((v) => v.key) },
    variants,
    comparisons,
    timeline: primaryTimeline(
      users,
      metricDefinition(primaryMetric),
      experiment.variants,
      levelOf(primaryMetric),
      experiment.plannedUsers,
    ),
    conclusion,
    outlook,
    primary: interleaving
      ? preferencePrimary(interleaving, conclusion, {
        srm_p: srm.pValue,
        users: Object.fromEntries(variants.map((v) => [v.key, v.users])),
        equivalence_margin: experiment.equivalenceMargin,
      })
      : {
        metric: primaryMetric,
        srm_p: srm.pValue,
        users: Object.fromEntries(variants.map((v) => [v.key, v.users])),
        treatment: headline.treatment,
        difference: headline.difference,
        lift: headline.lift,
        ci: headline.ci ? [headline.ci[0], headline.ci[1]] : null,
        p_value: headline.pValue,
        holm_p_value: headline.holmPValue,
        conclusion: conclusion.verdict,
        always_valid_lift_ci: headline.sequence?.liftLower != null && headline.sequence.liftUpper != null
          ? [headline.sequence.liftLower, headline.sequence.liftUpper]
          : null,
        always_valid_p_value: headline.sequenceHolmPValue,
        equivalence_margin: experiment.equivalenceMargin,
        more_users: outlook.moreUsers,
        more_days: outlook.moreDays,
      },
    ...(interleaving && { interleaving }),
  };
}

function holmOver(
  comparisons: readonly MetricComparison[],
  pOf: (c: MetricComparison) => number | null,
): Map<MetricComparison, number> {
  const tested = comparisons.filter((c) => pOf(c) !== null);
  const adjusted = holmBonferroni(tested.map((c) => pOf(c)!));
  return new Map(tested.map((c, i) => [c, adjusted[i]]));
}

function marginOf(metric: MetricKey, experiment: ExperimentReportInput["experiment"]): number {
  return experiment.guardrailMargins[metric] ?? metricDefinition(metric).nonInferiorityMargin;
}

function assess(
  c: MetricComparison,
  holmPValue: number | null,
  sequenceHolmPValue: number | null,
  experiment: ExperimentReportInput["experiment"],
): AssessedComparison {
  const { higherIsBetter } = metricDefinition(c.metric);
  const s = c.sequence;
  const good = (x: number) => (higherIsBetter ? x > 0 : x < 0);
  const sequenceBetter = s !== null && (higherIsBetter ? s.lower > 0 : s.upper < 0);
  const role = c.metric === experiment.primaryMetric
    ? "primary"
    : experiment.guardrailMetrics.includes(c.metric)
    ? "guardrail"
    : "secondary";
  if (role === "guardrail") {
    const margin = marginOf(c.metric, experiment);
    const lo = s?.liftLower ?? null, hi = s?.liftUpper ?? null;
    const known = lo !== null && hi !== null;
    // The bad side is a fall for higher-is-better metrics and a rise for the others.
    const nonInferior = known && (higherIsBetter ? lo! > -margin : hi! < margin);
    const harmed = known && (higherIsBetter ? hi! < -margin : lo! > margin);
    const effect = harmed ? "worse" : sequenceBetter ? "better" : "none";
    return { ...c, role, holmPValue, sequenceHolmPValue: null, effect, sequenceBetter, margin, nonInferior };
  }
  const significant = s !== null && sequenceHolmPValue !== null && sequenceHolmPValue < experiment.alpha;
  const effect = !significant ? "none" : good(s!.difference) ? "better" : "worse";
  return { ...c, role, holmPValue, sequenceHolmPValue, effect, sequenceBetter, margin: null, nonInferior: null };
}

/**
 * How far the headline comparison is from a conclusive answer: the users the always-valid
 * rule needs (to detect the target lift with the target power, or, with an equivalence
 * margin, to fit the lift interval inside it at the current estimate, whichever is fewer),
 * how many more that is, and the days they take at the enrolment rate seen so far plus
 * one observation window.
 */
function conclusiveOutlook(
  headline: AssessedComparison,
  rows: readonly UserRow[],
  experiment: ExperimentReportInput["experiment"],
  settings: CompareSettings,
): ExperimentOutlook {
  const s = headline.sequence;
  const inSequence = s?.users ?? 0;
  const candidates: number[] = [];
  if (headline.usersNeeded !== null) candidates.push(headline.usersNeeded);
  const margin = experiment.equivalenceMargin;
  if (margin !== null && s?.lift != null && s.liftPerUserSd !== null && Math.abs(s.lift) < margin) {
    const n = usersToDetect(margin - Math.abs(s.lift), s.liftPerUserSd, settings.sequenceAlpha, settings.rho2, 0.5);
    if (Number.isFinite(n)) candidates.push(n);
  }
  if (candidates.length === 0) return { usersInSequence: inSequence, usersNeeded: null, moreUsers: null, moreDays: null };
  const needed = Math.min(...candidates);
  const moreUsers = Math.max(0, needed - inSequence);
  const times = rows.map((r) => r.firstExposureAt);
  const spanDays = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 86_400_000 : 0;
  const perDay = spanDays > 0 ? rows.length / spanDays : null;
  const waiting = rows.length - rows.filter((r) => r.windowClosed).length;
  const moreDays = moreUsers === 0
    ? 0
    : perDay === null
    ? null
    : Math.max(0, (moreUsers - waiting) / perDay) + experiment.observationWindowMs / 86_400_000;
  return { usersInSequence: inSequence, usersNeeded: needed, moreUsers, moreDays };
}

function ratioKeys(): string {
  return METRICS.filter((m) => m.ratio).map((m) => m.key).join(", ");
}

function days(ms: number): string {
  return String(Number((ms / 86_400_000).toFixed(2)));
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}
