/** The HTML body of the release email: inline styles only, since mail clients drop style sheets. */
import { describeStep, FIGURES_NOTE } from "./describe-step.ts";
import { escapeHtml as e } from "../../shared/text/escape-html.ts";
import { releaseFacts } from "./release-facts.ts";
import type { ReleaseReport } from "./release-report.ts";
import { releaseTimeline } from "./release-timeline.ts";

const TABLE = `style="border-collapse:collapse" cellpadding="4" border="1"`;

function row(cells: readonly string[], tag: "td" | "th" = "td"): string {
  return `<tr>${cells.map((c) => `<${tag}>${e(c)}</${tag}>`).join("")}</tr>`;
}

/** Renders the report as an HTML document; every value from the report is escaped. */
export function renderReleaseHtml(report: ReleaseReport, title: string): string {
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
    ...(report.steps.some((s) => s.stable !== null || s.canary !== null) ? [`<p>${e(FIGURES_NOTE)}</p>`] : []),
    `</body></html>`,
  ].join("\n");
}
