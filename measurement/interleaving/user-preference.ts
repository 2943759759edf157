/**
 * Each user's preference between two interleaved rankings: the sign of (credits to B −
 * credits to A) over the user's interleaved lists shown within a fixed window after their
 * first one. The window is fixed per user, so a user's value is final once that window
 * and the conversion window of its last list have closed, and it never changes after the
 * user enters a sequential test (which a running tally over all of a user's lists would).
 */
import type { WatchStart } from "../conversion/converting-starts.ts";
import { creditLists } from "./credit-lists.ts";
import type { InterleavedList } from "./interleaved-list.ts";

/** How long after a user's first interleaved list their lists count towards their preference. */
export const PREFERENCE_WINDOW_MS = 24 * 3_600_000;

/** "B" or "A": that team got more credit; "tie": equal credit above zero; "none": no credit at all. */
export type Preference = "A" | "B" | "tie" | "none";

/** One user's preference and what it rests on. */
export type UserPreference = {
  readonly userId: number;
  readonly preference: Preference;
  readonly creditA: number;
  readonly creditB: number;
  /** Lists inside the user's window. */
  readonly lists: number;
  /** The user's first interleaved list (epoch ms). */
  readonly firstTime: number;
  /** From when the value cannot change: the window's end plus one conversion window. */
  readonly finalAt: number;
};

/** The windows a preference is read over. */
export type PreferenceWindows = {
  readonly conversionWindowMs: number;
  /** Default PREFERENCE_WINDOW_MS. */
  readonly preferenceWindowMs?: number;
};

/** The sign of a credit difference, with ties and no-credit users kept apart. */
export function preferenceOf(creditA: number, creditB: number): Preference {
  if (creditB > creditA) return "B";
  if (creditA > creditB) return "A";
  return creditA > 0 ? "tie" : "none";
}

/**
 * Every user's preference from their interleaved `lists` and watch `starts` (any order),
 * by first list time (then user id). A user's lists after their window are ignored;
 * starts of other users or movies are ignored by the conversion predicate.
 */
export function userPreferences(
  lists: readonly InterleavedList[],
  starts: readonly WatchStart[],
  windows: PreferenceWindows,
): UserPreference[] {
  const preferenceWindowMs = windows.preferenceWindowMs ?? PREFERENCE_WINDOW_MS;
  const listsByUser = groupBy(lists, (l) => l.userId);
  const startsByUser = groupBy(starts, (s) => s.userId);
  const out: UserPreference[] = [];
  for (const [userId, own] of listsByUser) {
    let firstTime = Infinity;
    for (const l of own) firstTime = Math.min(firstTime, l.time);
    const inWindow = own.filter((l) => l.time < firstTime + preferenceWindowMs);
    let creditA = 0, creditB = 0;
    for (const credit of creditLists(inWindow, startsByUser.get(userId) ?? [], windows.conversionWindowMs)) {
      creditA += credit.a;
      creditB += credit.b;
    }
    out.push({
      userId,
      preference: preferenceOf(creditA, creditB),
      creditA,
      creditB,
      lists: inWindow.length,
      firstTime,
      finalAt: firstTime + preferenceWindowMs + windows.conversionWindowMs,
    });
  }
  return out.sort((x, y) => x.firstTime - y.firstTime || x.userId - y.userId);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) (groups.get(key(row)) ?? groups.set(key(row), []).get(key(row))!).push(row);
  return groups;
}
