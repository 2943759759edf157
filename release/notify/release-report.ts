/** Everything the release email reports about one finished release, validated where it enters (supervisor state, outbox files). */
import { z } from "zod";
import { ReleaseStep } from "./release-step.ts";

/** How the release ended: promoted to 100 %, rolled back by the judge, or stopped before or outside the judge. */
export const ReleaseOutcome = z.enum(["promoted", "rolled_back", "aborted"]);
export type ReleaseOutcome = z.infer<typeof ReleaseOutcome>;

/** The release report; the id is restricted to filename-safe characters because it names the outbox file. */
export const ReleaseReport = z.object({
  releaseId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "must be 1–128 letters, digits, '.', '_' or '-'"),
  modelVersion: z.string().min(1),
  previousVersion: z.string().min(1).nullable(),
  outcome: ReleaseOutcome,
  /** Where the release stopped, e.g. `canary 20%` or `offline gate`. */
  stage: z.string().min(1),
  reason: z.string().min(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** "unknown" when the model was built outside a git checkout and without CODE_COMMIT. */
  codeCommit: z.string().regex(/^(?:[0-9a-f]{7,40}|unknown)$/, "must be a 7–40 character lowercase hex commit or unknown"),
  dataSnapshotId: z.string().min(1),
  // Only http(s): the link becomes an href, and a javascript: URL would run in the reader's mail client.
  buildLink: z.url({ protocol: /^https?$/ }).optional(),
  steps: z.array(ReleaseStep),
});
export type ReleaseReport = z.infer<typeof ReleaseReport>;
