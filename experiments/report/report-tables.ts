/**
 * The report's tables as rows of plain strings, built once so the Markdown and HTML
 * renderers cannot disagree about a number.
 */
import type { ExperimentReport } from "./experiment-report.ts";
import {
  formatInterval,
  formatNumber,
  formatP,
  formatPClause,
  formatPercent,
} from "./format-values.ts";
import { metricDefinition, METRICS } from "./metric-definitions.ts";

/** A table: one header row and body rows of cell text. */
export type Table = {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
};

/** The SRM verdict as one sentence, worded the same in every format. */
export function srmSentence(report: ExperimentReport): string {
  const { srm } = report;
  const stats = `chi-square ${srm.chiSquare.toFixed(2)}, df ${srm.df}, p ${
    formatPClause(srm.pValue)
  }`;
  return srm.mismatch
    ? `Sample-ratio mismatch (${stats}; threshold 0.001): assignment or logging is broken, so the results below cannot be trusted.`
    : `OK: users match the configured weights (${stats}; a mismatch is p < 0.001).`;
}

/** The SRM table: observed and expected users per variant. */
export function srmTable(report: ExperimentReport): Table {
  return {
    header: ["Variant", "Weight", "Users", "Expected"],
    rows: report.srm.variants.map((v, i) => [
      v,
      formatNumber(report.variants[i].weight),
      String(report.srm.observed[i]),
      report.srm.expected[i].toFixed(1),
    ]),
  };
}

/** Per-variant users, exposures and metric means. */
export function variantTable(report: ExperimentReport): Table {
  return {
    header: ["Variant", "Users", "Exposures", "Requests", ...METRICS.map((m) => m.key)],
    rows: report.variants.map((v) => [
      v.isControl && v.key !== "control" ? `${v.key} (control)` : v.key,
      String(v.users),
      String(v.exposures),
      String(v.requests),
      ...METRICS.map((m) => formatNumber(v.metrics[m.key].mean)),
    ]),
  };
}

/** Every metric × treatment comparison with its tests, intervals, CUPED and power. */
export function comparisonTable(report: ExperimentReport): Table {
  return {
    header: [
      "Metric",
      "Role",
      "Treatment",
      "Difference",
      `${pct(1 - report.experiment.alpha)} CI`,
      "Lift",
      "Welch p",
      "Holm p",
      "Always-valid CI",
      "Always-valid lift",
      "CUPED diff",
      "CUPED CI",
      "Var. reduction",
      "Power (planned size)",
      "MDE (planned size)",
      "Reading (always-valid)",
    ],
    rows: report.comparisons.map((c) => [
      metricDefinition(c.metric).key,
      c.role,
      c.treatment,
      formatNumber(c.difference),
      formatInterval(c.ci),
      c.lift === null
        ? "n/a"
        : `${formatPercent(c.lift)} ${formatInterval(c.liftCi, formatPercent)}`,
      formatP(c.pValue),
      formatP(c.holmPValue),
      c.sequence ? formatInterval([c.sequence.lower, c.sequence.upper]) : "n/a",
      c.sequence?.liftLower != null && c.sequence.liftUpper != null
        ? formatInterval([c.sequence.liftLower, c.sequence.liftUpper], formatPercent)
        : "n/a",
      c.cuped ? formatNumber(c.cuped.difference) : "n/a",
      c.cuped ? formatInterval(c.cuped.ci) : "n/a",
      c.cuped ? `${(c.cuped.varianceReduction * 100).toFixed(1)}%` : "no covariate",
      c.power === null ? "n/a" : `${(c.power * 100).toFixed(0)}%`,
      c.mdeRelative === null
        ? formatNumber(c.mde)
        : `${formatNumber(c.mde)} (${(c.mdeRelative * 100).toFixed(1)}%)`,
      reading(c),
    ]),
  };
}

/** What the verdict reads from one comparison, in words. */
function reading(c: ExperimentReport["comparisons"][number]): string {
  if (c.role === "guardrail") {
    const margin = `margin ${pct(c.margin!)}`;
    if (c.effect === "worse") return `harmed beyond its ${margin}`;
    return c.nonInferior ? `non-inferior (${margin})` : `not yet shown non-inferior (${margin})`;
  }
  return c.effect === "none" ? "no difference shown" : `${c.effect}`;
}

/**
 * The equivalence margin, if declared, and how far the answer is: users in the decisive
 * sequence, and how many more users and days a conclusive answer needs.
 */
export function outlookSentences(report: ExperimentReport): string[] {
  const { experiment, outlook, primary } = report;
  const out: string[] = [];
  if (experiment.equivalenceMargin !== null) {
    const ci = primary.always_valid_lift_ci;
    out.push(
      `Equivalence margin: ±${pct(experiment.equivalenceMargin)} relative lift on ${experiment.primaryMetric}` +
        (ci ? `; always-valid lift interval now ${formatInterval(ci, formatPercent)}.` : "; no interval yet."),
    );
  }
  const days = Number((experiment.observationWindowMs / 86_400_000).toFixed(2));
  out.push(`${outlook.usersInSequence} users have completed their ${days}-day observation window and are in the always-valid sequences.`);
  if (report.conclusion.verdict === "no detectable difference") {
    out.push(
      outlook.moreUsers === null
        ? "How many more users a conclusive answer needs cannot be estimated yet."
        : `A conclusive answer needs about ${outlook.moreUsers} more users` +
          (outlook.moreDays === null ? "." : ` (about ${outlook.moreDays.toFixed(1)} more days at the enrolment rate so far, one observation window included).`),
    );
  }
  return out;
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}
