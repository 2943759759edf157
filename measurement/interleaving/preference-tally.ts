/**
 * The users an interleaved comparison has judged so far, as the preference test and a
 * report read them: only users whose value is final count, and ties and users with no
 * credit are counted and shown, never silently dropped (a rising share of either says
 * the two rankings look alike to users, or that users watch nothing they were shown).
 */
import type { PreferenceCounts } from "../../shared/stats/preference-sequence.ts";
import type { UserPreference } from "./user-preference.ts";

/** Final users by preference, and the users whose value is not final yet. */
export type PreferenceTally = PreferenceCounts & {
  readonly ties: number;
  readonly noCredit: number;
  /** Users seen whose window or conversion window is still open at `asOf`. */
  readonly pending: number;
};

/** Tallies `preferences` whose value is final at `asOf` (epoch ms, the stream's clock). */
export function tallyPreferences(preferences: readonly UserPreference[], asOf: number): PreferenceTally {
  let preferA = 0, preferB = 0, ties = 0, noCredit = 0, pending = 0;
  for (const p of preferences) {
    if (p.finalAt > asOf) pending++;
    else if (p.preference === "A") preferA++;
    else if (p.preference === "B") preferB++;
    else if (p.preference === "tie") ties++;
    else noCredit++;
  }
  return { preferA, preferB, ties, noCredit, pending };
}
