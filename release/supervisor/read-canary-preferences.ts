/**
 * The interleaved canary users' preferences over one check's window, as the preference
 * test reads them. Each user's value is fixed the way read-arm-stats.ts fixes a quality
 * value: their lists in the conversion window after their first interleaved list of the
 * step, final once the stream has judged every one of those lists (one more conversion
 * window), so it never changes after the user enters the sequence. The reading itself is
 * measurement's (measurement/interleaving/read-user-preferences.ts); this file picks the
 * users and counts the final ones.
 */
import type postgres from "postgres";
import { countPreference, type FinalPreferences, NO_PREFERENCES } from "../../measurement/interleaving/preference-tally.ts";
import { readUserPreferences } from "../../measurement/interleaving/read-user-preferences.ts";
import type { ArmWindow } from "./read-arm-stats.ts";
import { interleavedCanaryUsersSql } from "./interleaved-canary-users-sql.ts";

/** Final users by preference (A: stable, B: candidate), and what was left out and why. */
export type CanaryPreferences = {
  readonly final: FinalPreferences;
  /** Interleaved users whose value is not final yet at the stream's clock. */
  readonly pending: number;
  /** Shown lists of these users answered by one pool alone, or matched to no interleaved answer. */
  readonly notInterleavedLists: number;
  readonly unmatchedLists: number;
  /** Telemetry rows that were not valid interleaved lists, set aside, and the first reasons. */
  readonly refused: number;
  readonly refusedReasons: readonly string[];
};

const NOTHING_READ: CanaryPreferences = { final: NO_PREFERENCES, pending: 0, notInterleavedLists: 0, unmatchedLists: 0, refused: 0, refusedReasons: [] };
const REASONS_KEPT = 5;

/** Reads the preferences of the canary's interleaved users of `window`; none before the stream has a clock. */
export async function readCanaryPreferences(sql: postgres.Sql, window: ArmWindow): Promise<CanaryPreferences> {
  if (window.streamTo === null) return NOTHING_READ;
  const rows = await sql`select i.user_id from (${interleavedCanaryUsersSql(sql, window)}) i order by 1`;
  const reading = await readUserPreferences(sql, {
    userIds: rows.map((r) => String(r.user_id)),
    // Lists from the step's start to the stream's clock; a user is final once finalAt ≤ the clock.
    period: { from: window.streamFrom, to: window.streamTo },
    pools: { a: window.stablePool, b: window.canaryPool },
    conversionWindowMs: window.conversionWindowMs,
    // The step's fixed window per user, as the conversion comparison's: one conversion window after their first list.
    preferenceWindowMs: window.conversionWindowMs,
  });
  return {
    final: reading.finalUsers.reduce((counts, user) => countPreference(counts, user.preference), NO_PREFERENCES),
    pending: reading.preferences.length - reading.finalUsers.length,
    notInterleavedLists: reading.notInterleavedLists,
    unmatchedLists: reading.unmatchedLists,
    refused: reading.refused.length,
    refusedReasons: reading.refused.slice(0, REASONS_KEPT).map((r) => r.reason),
  };
}
