/**
 * Which lists converted: a list converts when its user starts one of its movies
 * after it was shown, before the user's next list and within the window. Only
 * first watches are known (the store folds a (user, movie) pair into one
 * session), so a rewatch of a recommended movie does not count.
 */
import type { AnalysisInput } from "./analysis-input.ts";

/** A start more than this long after the list is the user's own discovery. */
export const CONVERSION_WINDOW_MS = 30 * 60_000;

/** One flag per `input.recommendations` entry, in the same order. */
export function recommendationConversions(input: AnalysisInput, windowMs = CONVERSION_WINDOW_MS): boolean[] {
  const watchesByUser = new Map<number, { time: number; movieId: string }[]>();
  for (const w of input.watches) (watchesByUser.get(w.userId) ?? watchesByUser.set(w.userId, []).get(w.userId)!).push(w);
  const nextListAt = new Array<number>(input.recommendations.length).fill(Infinity);
  const lastIndex = new Map<number, number>();
  input.recommendations.forEach((r, i) => {
    const previous = lastIndex.get(r.userId);
    if (previous !== undefined) nextListAt[previous] = r.time;
    lastIndex.set(r.userId, i);
  });
  return input.recommendations.map((r, i) => {
    const until = Math.min(nextListAt[i], r.time + windowMs);
    const items = new Set(r.items);
    return (watchesByUser.get(r.userId) ?? []).some((w) => w.time >= r.time && w.time <= until && items.has(w.movieId));
  });
}
