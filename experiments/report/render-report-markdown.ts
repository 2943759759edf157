/** The report as Markdown, for terminals and pull requests; the SRM check comes before any result. */
import type { ExperimentReport, InterleavingSummary } from "./experiment-report.ts";
import {
  comparisonTable,
  interleavingSentence,
  interleavingTable,
  outlookSentences,
  srmSentence,
  srmTable,
  type Table,
  variantTable,
} from "./report-tables.ts";

/** Renders `report` as a Markdown document. */
export function renderReportMarkdown(report: ExperimentReport): string {
  const { experiment, srm, conclusion } = report;
  return [
    `# Experiment report: ${experiment.key}`,
    "",
    `- Hypothesis: ${experiment.hypothesis}`,
    `- Layer: ${experiment.layer}`,
    `- Control: ${experiment.controlVariant}; primary metric: ${experiment.primaryMetric}; ` +
    `guardrails: ${experiment.guardrailMetrics.join(", ") || "none"}`,
    "",
    "## Sample-ratio check",
    "",
    srm.mismatch ? `**${srmSentence(report)}**` : srmSentence(report),
    "",
    markdownTable(srmTable(report)),
    "",
    "## Conclusion",
    "",
    `**${conclusion.verdict}**: ${conclusion.reason}.`,
    "",
    ...outlookSentences(report).map((line) => `- ${line}`),
    "",
    ...(report.interleaving ? interleavingSection(report.interleaving) : []),
    "## Variants",
    "",
    markdownTable(variantTable(report)),
    "",
    "## Comparisons against control",
    "",
    markdownTable(comparisonTable(report)),
    "",
    "## Method",
    "",
    ...Object.entries(report.method).map(([k, v]) => `- ${k}: ${v}`),
    "",
  ].join("\n");
}

/** The preference section of an interleaving experiment, after the conclusion it decides. */
function interleavingSection(section: InterleavingSummary): string[] {
  return [
    `## Interleaving: ${section.pools.a} (A) vs ${section.pools.b} (B)`,
    "",
    interleavingSentence(section),
    "",
    markdownTable(interleavingTable(section)),
    "",
  ];
}

function markdownTable(table: Table): string {
  const cell = (s: string) => s.replaceAll("|", "\\|");
  return [
    `| ${table.header.map(cell).join(" | ")} |`,
    `|${table.header.map(() => " --- ").join("|")}|`,
    ...table.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}
