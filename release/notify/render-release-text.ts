/** The plain-text body of the release email, for clients that do not show HTML. */
import { describeStep, FIGURES_NOTE } from "./describe-step.ts";
import { releaseFacts } from "./release-facts.ts";
import type { ReleaseReport } from "./release-report.ts";
import { releaseTimeline } from "./release-timeline.ts";

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => "  " + r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
}

/** Renders the report as aligned plain text with the same sections as the HTML body. */
export function renderReleaseText(report: ReleaseReport, title: string): string {
  const lines = [title, "", ...releaseFacts(report).map((f) => `${f.label}: ${f.value}`), "", "Timeline"];
  for (const t of releaseTimeline(report)) lines.push(`  ${t.at}  ${t.event}`);
  for (const step of report.steps) {
    const view = describeStep(step);
    lines.push("", view.title, `  ${view.timing}`);
    for (const r of step.reasons) lines.push(`  - ${r}`);
    lines.push(...columns([["", "stable", "canary"], ...view.figures]));
    if (view.tests.length > 0) lines.push(...columns([["test", "outcome", "evidence"], ...view.tests]));
  }
  if (report.steps.some((s) => s.stable !== null || s.canary !== null)) lines.push("", FIGURES_NOTE);
  return lines.join("\n") + "\n";
}
