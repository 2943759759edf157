/**
 * What followed each judged list, as the experiments and the release supervisor
 * judge it (measurement/conversion): the list converts when a recommended movie's
 * watch session starts within the conversion window after it.
 * The sessions so attributed bring their minutes and their rating: the latest one
 * given after the session started and before the last judged window closed.
 */
import { convertingStarts } from "../../measurement/conversion/converting-starts.ts";
import type { GivenRating, ShownList, WatchSession } from "./online-input.ts";

/** One session a list led to, with its rating (null when unrated). */
export type LedSession = { readonly userId: number; readonly movieId: string; readonly minutes: number; readonly rating: number | null };

/** One list's outcome. */
export type ListOutcome = { readonly converted: boolean; readonly sessions: readonly LedSession[] };

/** The outcome of each of `shown` (same order); ratings count until `closesAt` (epoch ms, exclusive). */
export function listOutcomes(
  shown: readonly ShownList[],
  watches: readonly WatchSession[],
  ratings: readonly GivenRating[],
  conversionWindowMs: number,
  closesAt: number,
): ListOutcome[] {
  const ratingsByPair = new Map<string, GivenRating[]>();
  for (const r of ratings) {
    const k = `${r.userId}\u0000${r.movieId}`;
    (ratingsByPair.get(k) ?? ratingsByPair.set(k, []).get(k)!).push(r);
  }
  const ratingOf = (w: WatchSession): number | null => {
    let latest: GivenRating | null = null;
    for (const r of ratingsByPair.get(`${w.userId}\u0000${w.movieId}`) ?? []) {
      if (r.time >= w.firstTime && r.time < closesAt && (latest === null || r.time >= latest.time)) latest = r;
    }
    return latest?.rating ?? null;
  };
  return convertingStarts(shown, watches, conversionWindowMs).map((led) => {
    const sessions = led.map((w) => ({ userId: w.userId, movieId: w.movieId, minutes: w.minutes, rating: ratingOf(w) }));
    return { converted: sessions.length > 0, sessions };
  });
}
