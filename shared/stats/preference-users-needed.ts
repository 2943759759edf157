/**
 * How many users an interleaved comparison needs for a conclusive preference verdict, if
 * what has been seen so far persists: the observed share of users with a preference who
 * prefer B, and the observed fraction of users who have a preference at all (ties and
 * users without credit enter no test but still take a user's place). It is a planning
 * figure, not a promise: the share may drift, and the sequence's own guarantee does not
 * depend on it.
 */
import { logPreferenceMixture, type PreferenceCounts, preferenceVerdict } from "./preference-sequence.ts";

/** Final users so far: those with a preference, and those without one (ties and no credit). */
export type PreferenceUsers = PreferenceCounts & { readonly withoutPreference: number };

/** Beyond this many users the answer is "not in any sensible plan" (null), not a number. */
export const MAX_PREFERENCE_USERS = 100_000_000;

/**
 * The smallest total of final users (with and without a preference, at least today's) at
 * which the expected counts make the preference sequence at `alpha` with `shape` exclude
 * one half (preferenceVerdict's rule, M_n(½) ≥ 1/α, on real-valued expected counts);
 * today's total when the counts already are. Null when nobody has a preference yet, when
 * exactly half prefer B (no size separates a coin from itself), or beyond `maxUsers`.
 */
export function preferenceUsersNeeded(
  users: PreferenceUsers,
  alpha: number,
  shape: number,
  maxUsers = MAX_PREFERENCE_USERS,
): number | null {
  const { preferA, preferB, withoutPreference } = users;
  if (!Number.isInteger(withoutPreference) || withoutPreference < 0) {
    throw new RangeError(`withoutPreference must be a whole number ≥ 0: current value is ${withoutPreference}`);
  }
  const current = preferA + preferB + withoutPreference;
  if (preferenceVerdict(users, alpha, shape) !== "inconclusive") return current;
  const withPreference = preferA + preferB;
  if (withPreference === 0 || preferA === preferB) return null;
  const share = preferB / withPreference;
  const fraction = withPreference / current;
  // Expected counts stay real numbers: rounded ones jitter the share by up to half a user,
  // which would make "conclusive at this size" flip back and forth near the answer.
  const threshold = -Math.log(alpha);
  const conclusiveAt = (total: number) => {
    const n = total * fraction;
    return logPreferenceMixture({ preferA: n * (1 - share), preferB: n * share }, shape, 0.5) >= threshold;
  };
  // log M_n(½) along a fixed share is the cumulant generating function of the per-user log
  // evidence under the mixture, convex in n and 0 at n = 0, so once it reaches the threshold
  // it stays above: doubling brackets the size and bisection finds the first one.
  let low = current, high = Math.max(1, current);
  while (!conclusiveAt(high)) {
    if (high >= maxUsers) return null;
    low = high;
    high = Math.min(maxUsers, high * 2);
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (conclusiveAt(mid)) high = mid;
    else low = mid;
  }
  return high;
}
