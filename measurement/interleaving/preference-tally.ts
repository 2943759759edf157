/**
 * The users an interleaved comparison has judged so far, as the preference test and a
 * report read them: only users whose value is final count, and ties and users with no
 * credit are counted and shown, never silently dropped (a rising share of either says
 * the two rankings look alike to users, or that users watch nothing they were shown).
 */
import type { PreferenceCounts } from "../../shared/stats/preference-sequence.ts";
import type { UserPreference } from "./user-preference.ts";

/** Final users by preference, and the users whose value is not final yet. */
export type PreferenceTally = FinalPreferences & {
  /** Users seen whose window or conversion window is still open at `asOf`. */
  readonly pending: number;
};

/** Final users by preference: what the preference test reads, with ties and no-credit users beside it. */
export type FinalPreferences = PreferenceCounts & { readonly ties: number; readonly noCredit: number };

/** No user counted yet. */
export const NO_PREFERENCES: FinalPreferences = { preferA: 0, preferB: 0, ties: 0, noCredit: 0 };

/** `counts` with one more final user of `preference`: the one place a preference is counted. */
export function countPreference(counts: FinalPreferences, preference: UserPreference["preference"]): FinalPreferences {
  switch (preference) {
    case "A": return { ...counts, preferA: counts.preferA + 1 };
    case "B": return { ...counts, preferB: counts.preferB + 1 };
    case "tie": return { ...counts, ties: counts.ties + 1 };
    case "none": return { ...counts, noCredit: counts.noCredit + 1 };
  }
}

/** Tallies `preferences` whose value is final at `asOf` (epoch ms, the stream's clock). */
export function tallyPreferences(preferences: readonly UserPreference[], asOf: number): PreferenceTally {
  let counts = NO_PREFERENCES;
  let pending = 0;
  for (const p of preferences) {
    if (p.finalAt > asOf) pending++;
    else counts = countPreference(counts, p.preference);
  }
  return { ...counts, pending };
}
