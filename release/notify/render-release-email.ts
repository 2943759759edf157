/** The release email's subject, HTML body and text body from a release report. */
import { OUTCOME_WORDS } from "./release-facts.ts";
import type { ReleaseReport } from "./release-report.ts";
import { renderReleaseHtml } from "./render-release-html.ts";
import { renderReleaseText } from "./render-release-text.ts";

/** A rendered email, ready for any transport. */
export type ReleaseEmail = { readonly subject: string; readonly html: string; readonly text: string };

/** Renders the email; the subject leads with outcome and model version so an inbox list tells the story. */
export function renderReleaseEmail(report: ReleaseReport): ReleaseEmail {
  // Collapse whitespace: a line break in a subject would end the header line.
  const subject = `[release] Model ${report.modelVersion} ${OUTCOME_WORDS[report.outcome]} at ${report.stage} (${report.releaseId})`
    .replace(/\s+/g, " ");
  return { subject, html: renderReleaseHtml(report, subject), text: renderReleaseText(report, subject) };
}
