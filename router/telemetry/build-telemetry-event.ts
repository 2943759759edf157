import {
  type FallbackReason,
  TELEMETRY_FORMAT_VERSION,
  type TelemetryAssignment,
  type TelemetryEvent,
} from "../../shared/telemetry/index.ts";

/** What the router knows about one answered request when the answer leaves. */
export type AnsweredRequest = {
  requestId: string;
  clientRequestId: string | null;
  startedAt: number;
  finishedAt: number;
  status: number;
  userId: number | undefined;
  pool: string | undefined;
  modelVersion: string | undefined;
  rulesVersion: number | undefined;
  assignments: TelemetryAssignment[] | undefined;
  items: readonly string[] | undefined;
  fallbackReason: FallbackReason | undefined;
};

/**
 * The telemetry event of an answered request, unsigned (the shipper signs batches off the
 * request's path); fields the request never reached are null.
 */
export function buildTelemetryEvent(answered: AnsweredRequest): TelemetryEvent {
  const ok = answered.status === 200;
  return {
    formatVersion: TELEMETRY_FORMAT_VERSION,
    requestId: answered.requestId,
    clientRequestId: answered.clientRequestId,
    time: answered.startedAt,
    userId: answered.userId ?? null,
    status: answered.status,
    latencyMs: Math.max(0, answered.finishedAt - answered.startedAt),
    pool: answered.pool ?? null,
    modelVersion: answered.modelVersion ?? null,
    rulesVersion: answered.rulesVersion ?? null,
    assignments: answered.assignments ?? [],
    items: ok && answered.items ? [...answered.items] : [],
    fallback: answered.fallbackReason !== undefined,
    fallbackReason: answered.fallbackReason ?? null,
    signature: null,
  };
}
