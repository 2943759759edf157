/** Builds an experiment report from validated input: pure, deterministic, no I/O. */
import { holmBonferroni } from "../../shared/stats/holm-bonferroni.ts";
import { mixturePrecision } from "../../shared/stats/mixture-half-width.ts";
import { SRM_THRESHOLD, srmCheck } from "../../shared/stats/srm-check.ts";
import { compareMetric, type CompareSettings, type MetricComparison } from "./compare-metric.ts";
import { type AssessedComparison, decideConclusion } from "./decide-conclusion.ts";
import type { ExperimentReportInput, UserRow } from "./experiment-report-input.ts";
import { type ExperimentReport, REPORT_VERSION } from "./experiment-report.ts";
import { metricDefinition, METRICS } from "./metric-definitions.ts";
import { primaryTimeline } from "./primary-timeline.ts";
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
  const settings: CompareSettings = {
    alpha,
    rho2: mixturePrecision(alpha / treatments.length, experiment.plannedUsers),
    sequenceAlpha: alpha / treatments.length,
    targetLift: experiment.targetLift,
    targetPower: experiment.targetPower,
  };
  const raw: MetricComparison[] = METRICS.flatMap((metric) =>
    treatments.map((t) =>
      compareMetric(metric, t, byVariant.get(controlVariant)!, byVariant.get(t)!, settings)
    )
  );
  // One Holm family over every variant × metric shown, so no cell of the table is an uncorrected claim.
  const tested = raw.filter((c) => c.pValue !== null);
  const adjusted = holmBonferroni(tested.map((c) => c.pValue!));
  const holm = new Map(tested.map((c, i) => [c, adjusted[i]]));
  const comparisons: AssessedComparison[] = raw.map((c) =>
    assess(c, holm.get(c) ?? null, alpha, primaryMetric, guardrailMetrics)
  );

  const conclusion = decideConclusion(srm, comparisons, primaryMetric, alpha);
  const headline = comparisons.find((c) =>
    c.metric === primaryMetric && c.treatment === (conclusion.treatment ?? treatments[0])
  )!;
  return {
    version: REPORT_VERSION,
    experiment,
    method: {
      test: `Welch's unequal-variance t test on per-user values; ${
        pct(1 - alpha)
      } intervals; lift intervals by the delta method`,
      multiplicity:
        `Holm–Bonferroni over all ${tested.length} variant × metric comparisons at family-wise alpha ${alpha}`,
      confidenceSequence:
        `asymptotic normal-mixture confidence sequence (Robbins 1970; Waudby-Smith et al. 2023) at level ` +
        `${
          pct(1 - settings.sequenceAlpha)
        } per treatment, tuned for ${experiment.plannedUsers} users; valid under continuous peeking`,
      cuped:
        "CUPED with each user's pre-exposure value of the same metric, θ fitted on both arms pooled",
      srm:
        `chi-square goodness of fit of users per variant against the configured weights; mismatch when p < ${SRM_THRESHOLD}`,
      power:
        `normal approximation at the current users and variances: power for a ${
          pct(experiment.targetLift)
        } lift, ` +
        `minimum detectable effect at ${pct(experiment.targetPower)} power, alpha ${alpha}`,
    },
    srm: { ...srm, variants: experiment.variants.map((v) => v.key) },
    variants,
    comparisons,
    timeline: primaryTimeline(
      users,
      metricDefinition(primaryMetric),
      experiment.variants,
      settings.sequenceAlpha,
      experiment.plannedUsers,
    ),
    conclusion,
    primary: {
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
    },
  };
}

function assess(
  c: MetricComparison,
  holmPValue: number | null,
  alpha: number,
  primary: string,
  guardrails: readonly string[],
): AssessedComparison {
  const { higherIsBetter } = metricDefinition(c.metric);
  const good = (x: number) => (higherIsBetter ? x > 0 : x < 0);
  const significant = holmPValue !== null && holmPValue < alpha;
  const effect = !significant ? "none" : good(c.difference) ? "better" : "worse";
  const sequenceBetter = c.sequence !== null &&
    (higherIsBetter ? c.sequence.lower > 0 : c.sequence.upper < 0);
  const role = c.metric === primary
    ? "primary"
    : guardrails.includes(c.metric)
    ? "guardrail"
    : "secondary";
  return { ...c, role, holmPValue, effect, sequenceBetter };
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}
