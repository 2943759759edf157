/**
 * One answered recommendation request, as the router records it on the telemetry topic.
 * Ingestion, canary judgement and experiment reports read it back with
 * parseTelemetryEvent; a change of meaning is a new TELEMETRY_FORMAT_VERSION.
 */
import { z } from "zod";
import { EpochMillis, UserId } from "../movielog/events.ts";

/** The event format this code writes and reads. */
export const TELEMETRY_FORMAT_VERSION = 1;

/** A user's variant in one experiment (the X-Variant header as data). */
export const TelemetryAssignment = z.strictObject({
  experiment: z.string().min(1),
  variant: z.string().min(1),
});
export type TelemetryAssignment = z.infer<typeof TelemetryAssignment>;

/** Why the answer came from the router's fallback list instead of a worker. */
export const FallbackReason = z.enum(["no_rules", "no_worker_answer"]);
export type FallbackReason = z.infer<typeof FallbackReason>;

export const TelemetryEvent = z.strictObject({
  formatVersion: z.literal(TELEMETRY_FORMAT_VERSION),
  /** X-Request-Id of the answer. */
  requestId: z.string().min(1).max(128),
  /** When the request arrived, epoch ms UTC. */
  time: EpochMillis,
  /** Null when the path did not hold a valid user id (the answer is then a 400). */
  userId: UserId.nullable(),
  status: z.number().int().min(100).max(599),
  /** Time from request to answer as the router measured it. */
  latencyMs: z.number().min(0),
  /** The pool the rules chose; null when no rules were loaded or the request was refused. */
  pool: z.string().min(1).nullable(),
  /** X-Model-Version: the worker's model, "fallback", or null for refused requests. */
  modelVersion: z.string().min(1).nullable(),
  /** Version of the rules document in force, so assignments can be reproduced. */
  rulesVersion: z.number().int().min(0).nullable(),
  assignments: z.array(TelemetryAssignment),
  /** The movie ids answered, in order; empty for a non-200 answer. */
  items: z.array(z.string().min(1)).max(20),
  fallback: z.boolean(),
  fallbackReason: FallbackReason.nullable(),
});
export type TelemetryEvent = z.infer<typeof TelemetryEvent>;
