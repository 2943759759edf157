/** The headline facts of a release, in the order the email lists them. */
import type { ReleaseReport } from "./release-report.ts";

/** One labelled fact; `href` marks a value that is a link. */
export type ReleaseFact = { readonly label: string; readonly value: string; readonly href?: string };

/** Words for each outcome, shared by the subject and the body. */
export const OUTCOME_WORDS = { promoted: "promoted", rolled_back: "rolled back", aborted: "aborted" } as const;

/** Decision, reason and provenance: what a reader needs to reproduce or audit the release. */
export function releaseFacts(report: ReleaseReport): ReleaseFact[] {
  const facts: ReleaseFact[] = [
    { label: "Decision", value: `${OUTCOME_WORDS[report.outcome]} at ${report.stage}` },
    { label: "Reason", value: report.reason },
    { label: "Model version", value: report.modelVersion },
    { label: "Previous version", value: report.previousVersion ?? "none" },
    { label: "Release", value: report.releaseId },
    { label: "Code commit", value: report.codeCommit },
    { label: "Data snapshot", value: report.dataSnapshotId },
    { label: "Started", value: report.startedAt },
    { label: "Finished", value: report.finishedAt },
  ];
  if (report.buildLink !== undefined) facts.push({ label: "Build", value: report.buildLink, href: report.buildLink });
  return facts;
}
