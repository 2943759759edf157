/**
 * The router's telemetry (shared/telemetry), one row per answered /recommend request,
 * as ingest/telemetry-ingestor.ts stores it from the telemetry topic. The
 * release supervisor, experiment reports and availability reports query it.
 */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, real, smallint, text, timestamp } from "drizzle-orm/pg-core";
import type { TelemetryAssignment, TelemetryInterleaving } from "../telemetry/telemetry-event.ts";

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

/** Answered requests; the request id is the key, so a replayed message is stored once. */
export const telemetryEvents = pgTable("telemetry_events", {
  /** The router's own id of the request (its X-Request-Id answer header). */
  requestId: text("request_id").primaryKey(),
  /** The caller's X-Request-Id, cleaned; never the key, so a repeated one hides no request. */
  clientRequestId: text("client_request_id"),
  /** When the request arrived at the router. */
  time: time("time").notNull(),
  /** Null when the path held no valid user id (the answer was then a 400). */
  userId: integer("user_id"),
  status: smallint("status").notNull(),
  latencyMs: real("latency_ms").notNull(),
  pool: text("pool"),
  modelVersion: text("model_version"),
  rulesVersion: integer("rules_version"),
  assignments: jsonb("assignments").$type<TelemetryAssignment[]>().notNull(),
  /** Movie ids answered, in order. */
  items: text("items").array().notNull(),
  fallback: boolean("fallback").notNull(),
  fallbackReason: text("fallback_reason"),
  /**
   * For a request the rules chose to interleave: the two pools, whether the answer was
   * their team-draft merge, and the team of each item (`teams[i]` for `items[i]`); null
   * for every other request and for rows written before interleaving existed.
   */
  interleaving: jsonb("interleaving").$type<TelemetryInterleaving>(),
}, (t) => [
  check("telemetry_events_interleaving", sql`jsonb_typeof(${t.interleaving}) = 'object'`),
  // Reports read time windows, the canary judgement one pool's window.
  index("telemetry_events_time_idx").on(t.time),
  index("telemetry_events_pool_time_idx").on(t.pool, t.time),
  // Stream lists are matched to answers by user (online report, conversion gauge).
  index("telemetry_events_user_idx").on(t.userId),
]);
