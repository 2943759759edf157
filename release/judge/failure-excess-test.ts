/**
 * A failure guardrail with the user as the unit: each user contributes their own share
 * of failed requests, so a few users who fail every request weigh as a few users, not as
 * thousands of independent failures. The question is non-inferiority: is the canary's
 * mean failure share more than `tolerance` above the reference's? An always-valid
 * normal-mixture confidence sequence for the difference of the two means (Robbins;
 * Howard et al. 2021; the asymptotic sequences of Waudby-Smith et al. 2023) answers it:
 * the canary fails once the sequence's lower bound is above the tolerance. A canary
 * inside the tolerance then fails with probability ≤ alpha, at any number of looks.
 */
import type { UserFailures } from "./arm-stats.ts";
import { mixtureHalfWidth } from "../../shared/stats/mixture-half-width.ts";

/** The test's figures, kept with every verdict. */
export type FailureEvidence = {
  /** Mean per-user failure share of each arm (stable: the reference the canary is held to). */
  readonly canaryRate: number;
  readonly stableRate: number;
  readonly canaryUsers: number;
  readonly stableUsers: number;
  /** Canary users with at least one failure. */
  readonly canaryFailingUsers: number;
  /** The always-valid lower bound of canary − stable, and the tolerance it is held to. */
  readonly lowerExcess: number;
  readonly tolerance: number;
  /** log of the mixture e-value against "excess ≤ tolerance" (0 and below: no evidence). */
  readonly logBayesFactor: number;
  /** Significant: the lower bound is above the tolerance. */
  readonly exceeds: boolean;
};

// A sequence over no information is unbounded; its e-value is reported finite for JSON.
const MAX_LOG_EVIDENCE = 700;

/** The test of `canary` against `reference` at level alpha with mixture precision rho2. */
export function failureExcessTest(reference: UserFailures, canary: UserFailures, tolerance: number, alpha: number, rho2: number): FailureEvidence {
  const excess = canary.mean - reference.mean;
  // Under the null the arms fail alike, and a small canary's sample variance can be 0 by
  // chance (a handful of users with no failure): the canary's is taken as at least the reference's.
  const variance = (canary.users > 0 ? Math.max(canary.variance, reference.variance) / canary.users : Infinity) +
    (reference.users > 0 ? reference.variance / reference.users : Infinity);
  const information = variance > 0 ? 1 / variance : Infinity;
  const half = canary.users < 2 || reference.users < 2 ? Infinity : mixtureHalfWidth(alpha, rho2, information);
  const lowerExcess = excess - half;
  return {
    canaryRate: canary.mean,
    stableRate: reference.mean,
    canaryUsers: canary.users,
    stableUsers: reference.users,
    canaryFailingUsers: canary.failing,
    lowerExcess: Number.isFinite(lowerExcess) ? lowerExcess : -1,
    tolerance,
    logBayesFactor: Number.isFinite(half) ? logMixtureEvidence(Math.max(0, excess - tolerance), information, rho2) : 0,
    exceeds: lowerExcess > tolerance,
  };
}

/**
 * log of the normal-mixture martingale (1 + ρ²v)^(−1/2) · exp(ρ²v²d² / (2(1 + ρ²v))) for an
 * estimate `distance` d past the null boundary at information v; it reaches log(1/alpha)
 * exactly where mixtureHalfWidth's bound reaches the boundary.
 */
export function logMixtureEvidence(distance: number, information: number, rho2: number): number {
  if (information === Infinity) return distance > 0 ? MAX_LOG_EVIDENCE : 0;
  const grown = 1 + rho2 * information;
  return Math.min(MAX_LOG_EVIDENCE, (rho2 * information * information * distance * distance) / (2 * grown) - 0.5 * Math.log(grown));
}

/** A counter's per-user figures; old evidence without them reads each request as its own user. */
export function userFailuresOf(perUser: UserFailures | undefined, failures: number, requests: number): UserFailures {
  if (perUser) return perUser;
  const mean = requests > 0 ? failures / requests : 0;
  const variance = requests > 1 ? (failures * (requests - failures)) / (requests * (requests - 1)) : 0;
  return { users: requests, mean, variance, failing: failures };
}
