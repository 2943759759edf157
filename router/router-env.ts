import type { Assignment } from "../shared/rules/index.ts";
import type { FallbackReason, TelemetryInterleaving } from "../shared/telemetry/index.ts";

/** Hono context variables the router's middleware and handlers share. */
export type RouterEnv = {
  Variables: {
    /** The router's own id of the request. */
    requestId: string;
    /** The caller's X-Request-Id, cleaned; null when none was sent (see request-id.ts). */
    clientRequestId: string | null;
    /** Set by the recommend handler for metrics: pool served, X-Variant, outcome. */
    pool: string;
    variant: string;
    outcome: "worker" | "fallback";
    /** Set by the recommend handler for telemetry, as far as the request got. */
    userId: number;
    rulesVersion: number;
    assignments: Assignment[];
    modelVersion: string;
    items: readonly string[];
    fallbackReason: FallbackReason;
    /** Set only for a request the rules chose to interleave: how it was served. */
    interleaving: TelemetryInterleaving;
  };
};
