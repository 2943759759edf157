/**
 * The sequential sample-ratio check of a canary step: users are routed by a salted
 * bucket, so each user the window saw in exactly one arm is a canary user with
 * probability `share` (the step's percentage). When the arms' user counts drift from that
 * share, routing, logging or the canary itself (a worker that drops users) is broken, and
 * no comparison of the arms can be trusted: the release stops. The evidence is the
 * Beta-binomial mixture of shared/stats/sample-ratio-evidence.ts, valid at every look.
 */
import { logSampleRatioEvidence } from "../../shared/stats/sample-ratio-evidence.ts";

/** The check's figures, kept with every verdict. */
export type SampleRatioEvidence = {
  readonly stableUsers: number;
  readonly canaryUsers: number;
  /** The step's share and the canary's observed share of single-arm users. */
  readonly expectedShare: number;
  readonly observedShare: number;
  /** ln e-value against "users join the canary with probability expectedShare", and its threshold ln(1/α). */
  readonly logEvidence: number;
  readonly threshold: number;
  readonly mismatch: boolean;
};

/** The check at level `alpha`; null when there is no split to check (a 100 % step) or the counts were not recorded. */
export function sampleRatioTest(stableUsers: number | undefined, canaryUsers: number | undefined, share: number, alpha: number): SampleRatioEvidence | null {
  if (stableUsers === undefined || canaryUsers === undefined || !(share > 0 && share < 1)) return null;
  const units = stableUsers + canaryUsers;
  const logEvidence = logSampleRatioEvidence(canaryUsers, units, share);
  const threshold = Math.log(1 / alpha);
  return {
    stableUsers,
    canaryUsers,
    expectedShare: share,
    observedShare: units > 0 ? canaryUsers / units : 0,
    logEvidence,
    threshold,
    mismatch: logEvidence >= threshold,
  };
}
