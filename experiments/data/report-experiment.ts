/**
 * One experiment's report from the database, rendered: the I/O shell around the pure
 * report core. The reader's notes (users left out, behaviour not yet judged) are shown
 * with the report, since they change how far its numbers can be trusted.
 */
import { escapeHtml } from "../../shared/text/escape-html.ts";
import type postgres from "postgres";
import { buildExperimentReport } from "../report/build-experiment-report.ts";
import { renderReportHtml } from "../report/render-report-html.ts";
import { renderReportJson } from "../report/render-report-json.ts";
import { renderReportMarkdown } from "../report/render-report-markdown.ts";
import { readExperimentInput } from "./read-experiment-input.ts";

/** Reads experiment `key`, builds its report and renders it as Markdown, HTML or JSON. */
export async function reportExperiment(
  sql: postgres.Sql,
  key: string,
  options: { format: "md" | "html" | "json"; now: number; streamTopic: string },
): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  const read = await readExperimentInput(sql, key, options);
  if (!read.ok) return read;
  const report = buildExperimentReport(read.input);
  const { notes } = read;
  switch (options.format) {
    case "md": {
      const section = notes.length === 0 ? "" : ["## Data notes", "", ...notes.map((n) => `- ${n}`), ""].join("\n");
      return { ok: true, text: renderReportMarkdown(report) + (section ? `\n${section}` : "") };
    }
    case "json": {
      // An extra top-level field keeps every report field where the JSON's readers expect it.
      const withNotes = { ...report, notes };
      return { ok: true, text: renderReportJson(withNotes) };
    }
    case "html": {
      const html = await renderReportHtml(report);
      if (notes.length === 0) return { ok: true, text: html };
      const items = notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("");
      return { ok: true, text: html.replace("</body>", `<h2>Data notes</h2>\n<ul>${items}</ul>\n</body>`) };
    }
  }
}

