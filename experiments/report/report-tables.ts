/**
 * The report's tables as rows of plain strings, built once so the Markdown and HTML
 * renderers cannot disagree about a number.
 */
import type { ExperimentReport, InterleavingSummary } from "./experiment-report.ts";
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
  if (report.interleaving) return [...out, ...preferenceOutlook(report.interleaving, report.conclusion.verdict)];
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

/** An interleaving experiment's outlook: who is in the preference test, and how many more users it needs. */
function preferenceOutlook(section: InterleavingSummary, verdict: ExperimentReport["conclusion"]["verdict"]): string[] {
  const out = [
    `${section.final_users} users of ${section.variant} have a final preference and are in the preference test ` +
    `(${section.pending_users} more are still within their window).`,
  ];
  if (verdict === "no detectable difference") {
    out.push(
      section.more_users === null
        ? "How many more users a preference verdict needs cannot be estimated yet (no preference, or exactly half each way)."
        : `A preference verdict needs about ${section.more_users} more users with a final value if the share so far holds.`,
    );
  }
  return out;
}

/** The interleaving section's headline sentence, worded the same in every format. */
export function interleavingSentence(section: InterleavingSummary): string {
  const { a, b } = section.pools;
  const shown = section.share_b === null
    ? "no user has a preference yet"
    : `${share(section.share_b)} of users with a preference prefer ${b}`;
  return `${section.variant} shows ${a} (A) and ${b} (B) interleaved: ${shown}; always-valid interval ` +
    `${formatInterval(section.ci, share)}, p ${formatPClause(section.p_value)} at alpha ${section.alpha}: ${section.verdict}. ` +
    "Interleaving shows which ranking users prefer when shown both together, not long-term behaviour: confirm with an A/B test.";
}

/** The interleaving section as rows of measure and value: counts first, ties and no-credit users among them. */
export function interleavingTable(section: InterleavingSummary): Table {
  const { a, b } = section.pools;
  const count = (x: number | null) => (x === null ? "n/a" : String(x));
  return {
    header: ["Measure", "Value"],
    rows: [
      ["Users in the variant", String(section.users)],
      ["Users with a final preference value", String(section.final_users)],
      ["Users still within their window", String(section.pending_users)],
      [`Prefer A (${a})`, String(section.prefer_a)],
      [`Prefer B (${b})`, String(section.prefer_b)],
      ["Ties (equal credit)", String(section.ties)],
      ["No credit (watched nothing shown)", String(section.no_credit)],
      ["Lists answered by one pool alone", String(section.not_interleaved_lists)],
      ["Lists matching no interleaved answer", String(section.unmatched_lists)],
      ["Answers refused (unreadable teams)", String(section.refused_lists)],
      [`Share preferring B (${b})`, section.share_b === null ? "n/a" : share(section.share_b)],
      [`Always-valid ${pct(1 - section.alpha)} interval`, formatInterval(section.ci, share)],
      ["p-value (always valid)", formatP(section.p_value)],
      ["Verdict", section.verdict],
      ["Final users a verdict needs", count(section.users_needed)],
      ["More users needed", count(section.more_users)],
    ],
  };
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

/** A share in percent with two decimals, unsigned (0.5812 → "58.12%"). */
function share(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
