import {
  type FallbackReason,
  TELEMETRY_FORMAT_VERSION,
  type TelemetryAssignment,
  type TelemetryEvent,
  type TelemetryInterleaving,
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
  /** Only for a request the rules chose to interleave. */
  interleaving: TelemetryInterleaving | undefined;
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
    interleaving: interleavingOf(answered, ok),
  };
}

/** The request's interleaving; an answer that is not a 200 carries no items, so no teams either. */
function interleavingOf(answered: AnsweredRequest, ok: boolean): TelemetryInterleaving | null {
  const interleaving = answered.interleaving;
  if (!interleaving) return null;
  if (ok && answered.items) return { ...interleaving, teams: [...interleaving.teams] };
  return { ...interleaving, interleaved: false, teams: [] };
}
