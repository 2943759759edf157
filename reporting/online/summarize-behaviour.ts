/**
 * Online quality of one group of judged lists (one model version's, the fallback's
 * or the unattributed ones). Each user counts once in the per-user conversion,
 * with their own rate; a session several lists led to counts once.
 */
import type { ListOutcome } from "./list-outcomes.ts";

export type BehaviourSummary = {
  /** Judged lists. */
  readonly lists: number;
  readonly converted: number;
  /** converted / lists; null without lists. */
  readonly conversionPerList: number | null;
  readonly users: number;
  /** Mean over users of each user's converted / lists; null without lists. */
  readonly conversionPerUser: number | null;
  /** Minutes of the recommended movies watched (each session once). */
  readonly watchMinutes: number;
  /** Rated sessions among them, and their mean rating (null when none was rated). */
  readonly ratings: number;
  readonly meanRating: number | null;
};

/** Summarizes `lists` (each a judged list's user and outcome). */
export function summarizeBehaviour(lists: readonly { readonly userId: number; readonly outcome: ListOutcome }[]): BehaviourSummary {
  const perUser = new Map<number, { lists: number; converted: number }>();
  const sessions = new Map<string, { minutes: number; rating: number | null }>();
  let converted = 0;
  for (const { userId, outcome } of lists) {
    const user = perUser.get(userId) ?? perUser.set(userId, { lists: 0, converted: 0 }).get(userId)!;
    user.lists++;
    if (outcome.converted) {
      user.converted++;
      converted++;
    }
    for (const s of outcome.sessions) sessions.set(`${s.userId}\u0000${s.movieId}`, s);
  }
  const rated = [...sessions.values()].flatMap((s) => (s.rating === null ? [] : [s.rating]));
  const userRates = [...perUser.values()].map((u) => u.converted / u.lists);
  return {
    lists: lists.length,
    converted,
    conversionPerList: lists.length === 0 ? null : converted / lists.length,
    users: perUser.size,
    conversionPerUser: userRates.length === 0 ? null : userRates.reduce((a, b) => a + b, 0) / userRates.length,
    watchMinutes: [...sessions.values()].reduce((sum, s) => sum + s.minutes, 0),
    ratings: rated.length,
    meanRating: rated.length === 0 ? null : rated.reduce((a, b) => a + b, 0) / rated.length,
  };
}
