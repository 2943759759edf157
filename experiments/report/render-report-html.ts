/**
 * The report as one self-contained HTML page: SRM check first, then the conclusion, the
 * tables, and the two charts as inline SVG rendered by vega-lite (no scripts in the page).
 */
import type { ExperimentReport, InterleavingSummary } from "./experiment-report.ts";
import { forestChartSpec, renderChartSvg, timelineChartSpec } from "./report-charts.ts";
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

/** Renders `report` as an HTML document (async because vega renders asynchronously). */
export async function renderReportHtml(report: ExperimentReport): Promise<string> {
  const { experiment, srm, conclusion } = report;
  const [timeline, forest] = await Promise.all([
    renderChartSvg(timelineChartSpec(report)),
    renderChartSvg(forestChartSpec(report)),
  ]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Experiment report: ${esc(experiment.key)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 80rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.5rem; text-align: left; }
.srm-bad { background: #ffebe9; border: 2px solid #cf222e; padding: 0.75rem; }
.srm-ok { background: #dafbe1; padding: 0.75rem; }
.verdict { font-size: 1.3rem; }
</style>
</head>
<body>
<h1>Experiment report: ${esc(experiment.key)}</h1>
<p>Hypothesis: ${esc(experiment.hypothesis)}<br>Layer: ${esc(experiment.layer)}<br>
Control: ${esc(experiment.controlVariant)}; primary metric: ${
    esc(experiment.primaryMetric)
  }; guardrails: ${esc(experiment.guardrailMetrics.join(", ") || "none")}</p>
<h2 id="srm">Sample-ratio check</h2>
<p class="${srm.mismatch ? "srm-bad" : "srm-ok"}">${esc(srmSentence(report))}</p>
${htmlTable(srmTable(report))}
<h2 id="conclusion">Conclusion</h2>
<p class="verdict"><strong>${esc(conclusion.verdict)}</strong>: ${esc(conclusion.reason)}.</p>
<ul>${outlookSentences(report).map((line) => `<li>${esc(line)}</li>`).join("")}</ul>
${report.interleaving ? interleavingSection(report.interleaving) : ""}<h2>Variants</h2>
${htmlTable(variantTable(report))}
<h2>Comparisons against control</h2>
${htmlTable(comparisonTable(report))}
<h2>Primary metric over time</h2>
<figure class="chart" id="timeline">${timeline}</figure>
<h2>Effects</h2>
<figure class="chart" id="forest">${forest}</figure>
<h2>Method</h2>
<ul>${Object.entries(report.method).map(([k, v]) => `<li>${esc(k)}: ${esc(v)}</li>`).join("")}</ul>
</body>
</html>
`;
}

/** The preference section of an interleaving experiment, after the conclusion it decides. */
function interleavingSection(section: InterleavingSummary): string {
  return `<h2 id="interleaving">Interleaving: ${esc(section.pools.a)} (A) vs ${esc(section.pools.b)} (B)</h2>
<p>${esc(interleavingSentence(section))}</p>
${htmlTable(interleavingTable(section))}
`;
}

function htmlTable(table: Table): string {
  const head = `<tr>${table.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`;
  const body = table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function esc(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll(
    '"',
    "&quot;",
  );
}
