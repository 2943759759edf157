/**
 * What the `online` report reads, independent of where it came from: the router's
 * answers of the telemetry window (wall clock), the answers that may have produced
 * the site's judged lists, the judged lists themselves with the watches and ratings
 * that follow them (stream clock), the movies the stream saw, and each served
 * version's offline metrics from the registry. Times are epoch milliseconds.
 */
import { z } from "zod";
import { RouterAnswer, ShownList } from "../../measurement/attribution/router-answer.ts";

export { RouterAnswer, ShownList };

/** A watch session (one per user and movie) starting at `firstTime`. */
export const WatchSession = z.object({
  userId: z.number().int(),
  movieId: z.string().min(1),
  firstTime: z.number().int(),
  minutes: z.number().int().min(0),
});
export type WatchSession = z.infer<typeof WatchSession>;

/** One rating as given. */
export const GivenRating = z.object({
  userId: z.number().int(),
  movieId: z.string().min(1),
  time: z.number().int(),
  rating: z.number().int().min(1).max(5),
});
export type GivenRating = z.infer<typeof GivenRating>;

/** A registered model's offline headline metrics; a metric the manifest lacks is null. */
export const OfflineMetrics = z.object({
  ndcg: z.number().nullable(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  coverage: z.number().nullable(),
});
export type OfflineMetrics = z.infer<typeof OfflineMetrics>;

const Window = z.object({ from: z.number().int(), to: z.number().int() });

export const OnlineInput = z.object({
  /** The day as given on the command line, or null for --from/--to. */
  day: z.string().nullable(),
  /** [from, to) on the router's wall clock. */
  telemetry: Window,
  /** [from, to) on the stream's clock; lists before `judgedTo` are judged. */
  stream: Window.extend({ judgedTo: z.number().int() }),
  conversionWindowMs: z.number().int().positive(),
  /** Every answer of the telemetry window. */
  answers: z.array(RouterAnswer),
  /** Answers with the user and items of some judged list, whenever they were given. */
  candidates: z.array(RouterAnswer),
  /** Judged lists: [stream.from, stream.judgedTo). */
  shown: z.array(ShownList),
  /** Sessions of the shown lists' users starting in [stream.from, judgedTo + window). */
  watches: z.array(WatchSession),
  /** Ratings of those users given in [stream.from, judgedTo + window). */
  ratings: z.array(GivenRating),
  /** Movies recommended, watched or rated in the stream window. */
  streamMovies: z.array(z.string()),
  /** Offline metrics per served model version; null when the registry does not know it. */
  offline: z.record(z.string(), OfflineMetrics.nullable()),
});
export type OnlineInput = z.infer<typeof OnlineInput>;
