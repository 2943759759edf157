/**
 * What the analyses read, independent of where it came from (the event store or
 * a simulator run): successful recommendation lists, the first minute of each
 * (user, movie) watch, and every rating, all with epoch-millisecond times.
 */
import { z } from "zod";

/** A list a client was shown: `GET /recommend/<user>` answered with status 200. */
export const RecommendationRecord = z.object({
  time: z.number().int(),
  userId: z.number().int().min(0),
  items: z.array(z.string().min(1)),
});
export type RecommendationRecord = z.infer<typeof RecommendationRecord>;

/** When a user first watched a movie (a `watch_sessions` row's first_time). */
export const WatchStart = z.object({
  time: z.number().int(),
  userId: z.number().int().min(0),
  movieId: z.string().min(1),
});
export type WatchStart = z.infer<typeof WatchStart>;

/** One rating as given (a `rating_history` row). */
export const RatingRecord = z.object({
  time: z.number().int(),
  userId: z.number().int().min(0),
  movieId: z.string().min(1),
  rating: z.number().int().min(1).max(5),
});
export type RatingRecord = z.infer<typeof RatingRecord>;

/** Everything in the analysed period `[from, to)`; lists sorted by time. */
export const AnalysisInput = z.object({
  from: z.number().int(),
  to: z.number().int(),
  recommendations: z.array(RecommendationRecord),
  watches: z.array(WatchStart),
  ratings: z.array(RatingRecord),
});
export type AnalysisInput = z.infer<typeof AnalysisInput>;
