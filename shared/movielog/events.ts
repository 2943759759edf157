/**
 * Typed events of the movielog stream. Times are epoch milliseconds in UTC:
 * the stream writes ISO times without a zone, and the platform reads them as UTC.
 */
import { z } from "zod";
import { MAX_ANSWER_ITEMS } from "../recommendation/max-answer-items.ts";

/** Largest user id the platform accepts (fits a Postgres integer). */
export const MAX_USER_ID = 2_147_483_647;

/** The longest server address (`host:port`) a recommendation line may name. */
export const MAX_SERVER_LENGTH = 255;

/** The slowest response time a recommendation line may log: an hour, far past any client's timeout. */
export const MAX_LATENCY_MS = 3_600_000;

export const UserId = z.number().int().min(0).max(MAX_USER_ID);
export type UserId = z.infer<typeof UserId>;

export const EpochMillis = z.number().int().min(0);

/** One watched minute: `GET /data/m/<movie>/<minute>.mpg`. */
export const WatchEvent = z.object({
  kind: z.literal("watch"),
  time: EpochMillis,
  userId: UserId,
  movieId: z.string().min(1),
  minute: z.number().int().min(0).max(100_000),
});
export type WatchEvent = z.infer<typeof WatchEvent>;

/** An explicit rating: `GET /rate/<movie>=<1..5>`. */
export const RateEvent = z.object({
  kind: z.literal("rate"),
  time: EpochMillis,
  userId: UserId,
  movieId: z.string().min(1),
  rating: z.number().int().min(1).max(5),
});
export type RateEvent = z.infer<typeof RateEvent>;

/** A recommendation request as logged by the client: status, items or error, latency. */
export const RecommendationEvent = z.object({
  kind: z.literal("recommendation"),
  time: EpochMillis,
  userId: UserId,
  server: z.string().min(1).max(MAX_SERVER_LENGTH),
  status: z.number().int().min(0).max(999),
  items: z.array(z.string().min(1)).max(MAX_ANSWER_ITEMS),
  /** Error text the client logged instead of a result (status other than 200). */
  error: z.string().nullable(),
  latencyMs: z.number().min(0).max(MAX_LATENCY_MS),
});
export type RecommendationEvent = z.infer<typeof RecommendationEvent>;

export const MovielogEvent = z.discriminatedUnion("kind", [WatchEvent, RateEvent, RecommendationEvent]);
export type MovielogEvent = z.infer<typeof MovielogEvent>;

export const EVENT_KINDS = ["watch", "rate", "recommendation"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
