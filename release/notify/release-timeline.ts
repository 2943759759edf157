/** The release as a list of dated events, start to finish. */
import type { ReleaseReport } from "./release-report.ts";

/** One dated event of the timeline. */
export type TimelineEntry = { readonly at: string; readonly event: string };

/** Start, each step's start and end, and the finish; skipped steps have no time and are left out. */
export function releaseTimeline(report: ReleaseReport): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: report.startedAt, event: `release started (model ${report.modelVersion})` }];
  for (const step of report.steps) {
    if (step.startedAt !== null) entries.push({ at: step.startedAt, event: `step ${step.percent}% started` });
    if (step.endedAt !== null) entries.push({ at: step.endedAt, event: `step ${step.percent}% ended: ${step.outcome}` });
  }
  entries.push({ at: report.finishedAt, event: `${report.outcome.replace("_", " ")} at ${report.stage}` });
  return entries;
}
