/**
 * An always-valid test of which of two rankings users prefer, for interleaved
 * comparisons: among users with a preference, is the share who prefer B above or below
 * one half? Each such user is a coin flip of unknown bias p, so the test is a binomial
 * confidence sequence: the beta-binomial mixture martingale (Robbins 1970; Howard et al.
 * 2021, §3)
 *   M_n(p) = ∫ q^S (1 − q)^(n−S) dBeta(q; a, a) / (p^S (1 − p)^(n−S))
 *          = B(a + S, a + n − S) / (B(a, a) · p^S (1 − p)^(n−S)),
 * a non-negative martingale of mean 1 under the true p. By Ville's inequality it ever
 * reaches 1/α with probability at most α, so {p : M_n(p) < 1/α} covers p at every look
 * at once, however often one looks. It is exact (no normal approximation), which matters
 * when few users have a preference yet.
 */
import betaln from "@stdlib/math-base-special-betaln";
import { mixturePrecision } from "./mixture-half-width.ts";

/** Users with a preference so far: how many preferred ranking A, how many ranking B. */
export type PreferenceCounts = { readonly preferA: number; readonly preferB: number };

/** What the users' preferences say at level α. */
export type PreferenceVerdict = "B preferred" | "A preferred" | "inconclusive";

/** The sequence at this look, for the share of users with a preference who prefer B. */
export type PreferenceSequence = {
  /** preferB / (preferA + preferB); NaN before anyone has a preference. */
  readonly share: number;
  readonly lower: number;
  readonly upper: number;
  /** Smallest α whose sequence excludes one half now: 1 / M_n(½), capped at 1. */
  readonly pValue: number;
  readonly verdict: PreferenceVerdict;
};

// Below this shape the mixture puts most of its weight near 0 and 1, where no pair of rankings lives.
const MIN_SHAPE = 0.5;

/**
 * The shape a of the symmetric Beta(a, a) mixture that makes the sequence tightest at
 * `plannedUsers` users with a preference. On the standardized effect 2p − 1 (per-user
 * variance ¼ at p = ½) Beta(a, a) has variance 1 / (2a + 1), so matching the normal
 * mixture's tuned precision ρ² (mixturePrecision) gives a = (1/ρ² − 1) / 2. Fix it before
 * the comparison starts: any fixed shape keeps the guarantee.
 */
export function preferenceMixtureShape(alpha: number, plannedUsers: number): number {
  checkAlpha(alpha);
  if (!(plannedUsers > 0 && Number.isFinite(plannedUsers))) {
    throw new RangeError(`preferenceMixtureShape() needs plannedUsers > 0: current value is ${plannedUsers}`);
  }
  return Math.max(MIN_SHAPE, (1 / mixturePrecision(alpha, plannedUsers) - 1) / 2);
}

/** log M_n(p) for S = preferB of n users, mixture Beta(shape, shape); p in (0, 1). */
export function logPreferenceMixture(counts: PreferenceCounts, shape: number, p: number): number {
  const s = counts.preferB;
  const f = counts.preferA;
  // 0 · log 0 is 0: with no successes (failures) the likelihood does not depend on log p (log(1 − p)).
  const logLikelihood = (s > 0 ? s * Math.log(p) : 0) + (f > 0 ? f * Math.log1p(-p) : 0);
  return betaln(shape + s, shape + f) - betaln(shape, shape) - logLikelihood;
}

/**
 * The verdict alone, in constant time: conclusive when M_n(½) ≥ 1/α, towards the side
 * the observed share is on (the sequence is an interval around it that excludes ½).
 */
export function preferenceVerdict(counts: PreferenceCounts, alpha: number, shape: number): PreferenceVerdict {
  checkCounts(counts);
  checkAlpha(alpha);
  checkShape(shape);
  if (counts.preferA + counts.preferB === 0) return "inconclusive";
  if (logPreferenceMixture(counts, shape, 0.5) < -Math.log(alpha)) return "inconclusive";
  return counts.preferB > counts.preferA ? "B preferred" : "A preferred";
}

/** The level-(1 − α) sequence at these counts, with its p-value and verdict; [0, 1] before anyone has a preference. */
export function preferenceSequence(counts: PreferenceCounts, alpha: number, shape: number): PreferenceSequence {
  const verdict = preferenceVerdict(counts, alpha, shape);
  const n = counts.preferA + counts.preferB;
  if (n === 0) return { share: NaN, lower: 0, upper: 1, pValue: 1, verdict };
  const share = counts.preferB / n;
  const threshold = -Math.log(alpha);
  const outside = (p: number) => logPreferenceMixture(counts, shape, p) >= threshold;
  // log M_n(p) is convex in p with its least value at the observed share, where it is below the
  // threshold (the mixture never beats the best fit), so the sequence is one interval around it.
  return {
    share,
    lower: counts.preferB === 0 ? 0 : crossing(outside, 0, share),
    upper: counts.preferA === 0 ? 1 : crossing((p) => !outside(p), share, 1),
    pValue: Math.min(1, Math.exp(-logPreferenceMixture(counts, shape, 0.5))),
    verdict,
  };
}

// The point in [lo, hi] where `isLeftOfBoundary` turns from true (at lo) to false (at hi): bisection to the last bit.
function crossing(isLeftOfBoundary: (p: number) => boolean, lo: number, hi: number): number {
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return mid;
    if (isLeftOfBoundary(mid)) lo = mid;
    else hi = mid;
  }
}

function checkCounts(counts: PreferenceCounts): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`a preference count must be a whole number ≥ 0: current value of ${name} is ${value}`);
    }
  }
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`the preference test needs alpha in (0, 1): current value is ${alpha}`);
}

function checkShape(shape: number): void {
  if (!(shape > 0 && Number.isFinite(shape))) {
    throw new RangeError(`the preference mixture needs a finite shape > 0: current value is ${shape}`);
  }
}
