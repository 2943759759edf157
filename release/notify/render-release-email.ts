/**
 * The release email from a release report: a subject, an HTML body (inline styles only,
 * since mail clients drop style sheets) and a plain-text body with the same sections,
 * for clients that do not show HTML.
 */
import { escapeHtml as e } from "../../shared/text/escape-html.ts";
import { describeStep, FIGURES_NOTE, hasPreferenceTest, INTERLEAVING_NOTE, OUTCOME_WORDS, releaseFacts, releaseTimeline } from "./release-facts.ts";
import type { ReleaseReport } from "./release-report.ts";

/** A rendered email, ready for any transport. */
export type ReleaseEmail = { readonly subject: string; readonly html: string; readonly text: string };

/** Renders the email; the subject leads with outcome and model version so an inbox list tells the story. */
export function renderReleaseEmail(report: ReleaseReport): ReleaseEmail {
  // Collapse whitespace: a line break in a subject would end the header line.
  const subject = `[release] Model ${report.modelVersion} ${OUTCOME_WORDS[report.outcome]} at ${report.stage} (${report.releaseId})`
    .replace(/\s+/g, " ");
  return { subject, html: renderReleaseHtml(report, subject), text: renderReleaseText(report, subject) };
}

/** Whether any step has figures, and so the note on what they mean. */
const hasFigures = (report: ReleaseReport) => report.steps.some((s) => s.stable !== null || s.canary !== null);

const TABLE = `style="border-collapse:collapse" cellpadding="4" border="1"`;

function row(cells: readonly string[], tag: "td" | "th" = "td"): string {
  return `<tr>${cells.map((c) => `<${tag}>${e(c)}</${tag}>`).join("")}</tr>`;
}

/** The report as an HTML document; every value from the report is escaped. */
function renderReleaseHtml(report: ReleaseReport, title: string): string {
  const facts = releaseFacts(report).map((f) =>
    `<tr><th align="left">${e(f.label)}</th><td>${f.href === undefined ? e(f.value) : `<a href="${e(f.href)}">${e(f.value)}</a>`}</td></tr>`
  );
  const timeline = releaseTimeline(report).map((t) => `<li>${e(t.at)} — ${e(t.event)}</li>`);
  const steps = report.steps.map((step) => {
    const view = describeStep(step);
    const reasons = step.reasons.length === 0 ? "" : `<ul>${step.reasons.map((r) => `<li>${e(r)}</li>`).join("")}</ul>`;
    const tests = view.tests.length === 0
      ? "<p>No tests recorded.</p>"
      : `<table ${TABLE}>${row(["test", "outcome", "evidence"], "th")}${view.tests.map((t) => row(t)).join("")}</table>`;
    return [
      `<section data-step="${step.percent}">`,
      `<h3>${e(view.title)}</h3>`,
      `<p>${e(view.timing)}</p>`,
      reasons,
      `<table ${TABLE}>${row(["", "stable", "canary"], "th")}${view.figures.map((f) => row(f)).join("")}</table>`,
      tests,
      `</section>`,
    ].join("\n");
  });
  return [
    `<!doctype html>`,
    `<html><head><meta charset="utf-8"><title>${e(title)}</title></head><body>`,
    `<h2>${e(title)}</h2>`,
    `<table ${TABLE}>${facts.join("")}</table>`,
    `<h3>Timeline</h3>`,
    `<ol>${timeline.join("")}</ol>`,
    ...steps,
    ...(hasFigures(report) ? [`<p>${e(FIGURES_NOTE)}</p>`] : []),
    ...(hasPreferenceTest(report) ? [`<p>${e(INTERLEAVING_NOTE)}</p>`] : []),
    `</body></html>`,
  ].join("\n");
}

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => "  " + r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
}

/** The report as aligned plain text with the same sections as the HTML body. */
function renderReleaseText(report: ReleaseReport, title: string): string {
  const lines = [title, "", ...releaseFacts(report).map((f) => `${f.label}: ${f.value}`), "", "Timeline"];
  for (const t of releaseTimeline(report)) lines.push(`  ${t.at}  ${t.event}`);
  for (const step of report.steps) {
    const view = describeStep(step);
    lines.push("", view.title, `  ${view.timing}`);
    for (const r of step.reasons) lines.push(`  - ${r}`);
    lines.push(...columns([["", "stable", "canary"], ...view.figures]));
    if (view.tests.length > 0) lines.push(...columns([["test", "outcome", "evidence"], ...view.tests]));
  }
  if (hasFigures(report)) lines.push("", FIGURES_NOTE);
  if (hasPreferenceTest(report)) lines.push("", INTERLEAVING_NOTE);
  return lines.join("\n") + "\n";
}
