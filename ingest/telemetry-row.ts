/**
 * A telemetry event as a `telemetry_events` row. Keys are the column names, so a
 * batch of rows serialised as JSON is read by Postgres' jsonb_to_recordset in one
 * parameter; `time` stays epoch milliseconds and becomes a timestamptz in SQL.
 */
import type { TelemetryAssignment, TelemetryEvent, TelemetryInterleaving } from "../shared/telemetry/index.ts";

export type TelemetryRow = {
  readonly request_id: string;
  readonly client_request_id: string | null;
  /** Epoch ms UTC. */
  readonly time: number;
  readonly user_id: number | null;
  readonly status: number;
  readonly latency_ms: number;
  readonly pool: string | null;
  readonly model_version: string | null;
  readonly rules_version: number | null;
  readonly assignments: readonly TelemetryAssignment[];
  readonly items: readonly string[];
  readonly fallback: boolean;
  readonly fallback_reason: string | null;
  /** Null unless the rules chose to interleave two pools for the request. */
  readonly interleaving: TelemetryInterleaving | null;
};

/**
 * The row stored for `event`. Neither the format version nor the signature is stored:
 * every row is in the current meaning, and only signed events become rows.
 */
export function toTelemetryRow(event: TelemetryEvent): TelemetryRow {
  return {
    request_id: event.requestId,
    client_request_id: event.clientRequestId,
    time: event.time,
    user_id: event.userId,
    status: event.status,
    latency_ms: event.latencyMs,
    pool: event.pool,
    model_version: event.modelVersion,
    rules_version: event.rulesVersion,
    assignments: event.assignments.map((a) => ({ experiment: a.experiment, variant: a.variant })),
    items: [...event.items],
    fallback: event.fallback,
    fallback_reason: event.fallbackReason,
    interleaving: event.interleaving === null ? null : {
      a: event.interleaving.a,
      b: event.interleaving.b,
      interleaved: event.interleaving.interleaved,
      teams: [...event.interleaving.teams],
    },
  };
}
