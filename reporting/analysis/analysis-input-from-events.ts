/**
 * Turns parsed movielog events into analysis input the way ingestion stores them:
 * failed recommendation requests are dropped (nothing was shown), watch lines fold
 * into one start per (user, movie) at its earliest minute, ratings stay as given.
 */
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import type { AnalysisInput, RatingRecord, RecommendationRecord, WatchStart } from "./analysis-input.ts";

const byTime = <T extends { time: number }>(a: T, b: T) => a.time - b.time;

/** Analysis input for `events`; the period spans the events unless `period` is given. */
export function analysisInputFromEvents(
  events: readonly MovielogEvent[],
  period?: { readonly from: number; readonly to: number },
): AnalysisInput {
  const recommendations: RecommendationRecord[] = [];
  const starts = new Map<string, WatchStart>();
  const ratings: RatingRecord[] = [];
  let min = Infinity;
  let max = -Infinity;
  for (const e of events) {
    min = Math.min(min, e.time);
    max = Math.max(max, e.time);
    if (e.kind === "recommendation") {
      if (e.status === 200) recommendations.push({ time: e.time, userId: e.userId, items: e.items });
    } else if (e.kind === "rate") {
      ratings.push({ time: e.time, userId: e.userId, movieId: e.movieId, rating: e.rating });
    } else {
      const key = `${e.userId}\u0000${e.movieId}`;
      const known = starts.get(key);
      if (!known || e.time < known.time) starts.set(key, { time: e.time, userId: e.userId, movieId: e.movieId });
    }
  }
  const from = period?.from ?? (Number.isFinite(min) ? min : 0);
  const to = period?.to ?? (Number.isFinite(max) ? max + 1 : from);
  const inPeriod = (x: { time: number }) => x.time >= from && x.time < to;
  return {
    from,
    to,
    recommendations: recommendations.filter(inPeriod).sort(byTime),
    watches: [...starts.values()].filter(inPeriod).sort(byTime),
    ratings: ratings.filter(inPeriod).sort(byTime),
  };
}
