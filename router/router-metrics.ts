/** The router's Prometheus metrics, on a registry of its own (GET /metrics). */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { UpstreamState } from "./upstream-health.ts";

export type RouterMetrics = {
  registry: Registry;
  requests: Counter<"status" | "pool" | "variant">;
  duration: Histogram<"outcome">;
  fallbacks: Counter<"reason">;
  interleaving: Counter<"outcome">;
  rulesVersion: Gauge;
  telemetrySent: Counter;
  telemetryDropped: Counter<"reason">;
};

/** Metrics; upstream health and the telemetry buffer are read at scrape time. */
export function createRouterMetrics(
  upstreams: () => UpstreamState[],
  now: () => number,
  telemetryBuffered: () => number = () => 0,
): RouterMetrics {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: "router_telemetry_buffered",
    help: "Telemetry events waiting in the buffer for the Kafka producer",
    registers,
    collect() {
      this.set(telemetryBuffered());
    },
  });
  new Gauge({
    name: "router_upstream_available",
    help: "1 when a worker may receive requests (ready and not ejected), else 0",
    labelNames: ["url"],
    registers,
    collect() {
      this.reset();
      const at = now();
      for (const s of upstreams()) {
        this.set({ url: s.url }, s.ready !== false && at >= s.ejectedUntil ? 1 : 0);
      }
    },
  });
  return {
    registry,
    requests: new Counter({
      name: "router_requests_total",
      help: "Answered requests by HTTP status, pool and experiment assignments (X-Variant)",
      labelNames: ["status", "pool", "variant"],
      registers,
    }),
    duration: new Histogram({
      name: "router_request_duration_seconds",
      help: "Time from request to answer, by outcome (worker, fallback, error)",
      labelNames: ["outcome"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1],
      registers,
    }),
    fallbacks: new Counter({
      name: "router_fallbacks_total",
      help: "Answers from the in-memory fallback list, by reason",
      labelNames: ["reason"],
      registers,
    }),
    interleaving: new Counter({
      name: "router_interleaving_total",
      help: "Requests the rules chose to interleave, by outcome: interleaved (both pools merged), " +
        "single_pool (one pool failed or was late; not interleaved), no_worker_answer (fallback)",
      labelNames: ["outcome"],
      registers,
    }),
    rulesVersion: new Gauge({
      name: "router_rules_version",
      help: "Version of the rules in force",
      registers,
    }),
    telemetrySent: new Counter({
      name: "router_telemetry_sent_total",
      help: "Telemetry events the Kafka producer acknowledged",
      registers,
    }),
    telemetryDropped: new Counter({
      name: "router_telemetry_dropped_total",
      help: "Telemetry events lost: buffer_full, send_failed (Kafka unreachable), shutdown",
      labelNames: ["reason"],
      registers,
    }),
  };
}
