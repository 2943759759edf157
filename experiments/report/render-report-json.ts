/** The report as JSON: the report object itself, with non-finite numbers written as null. */
import type { ExperimentReport } from "./experiment-report.ts";

/** Serialises `report` with two-space indentation. */
export function renderReportJson(report: ExperimentReport): string {
  // JSON has no Infinity or NaN; null says "not estimable" as the report's own nullable fields do.
  return JSON.stringify(
    report,
    (_key, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value),
    2,
  );
}
