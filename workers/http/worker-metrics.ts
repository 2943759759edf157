/** The worker's Prometheus metrics, in a registry of its own so several servers can share a process (tests). */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ServingModel } from "../scoring/serving-model.ts";

export type Route = "recommend" | "healthz" | "readyz" | "metrics" | "admin" | "other";

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** Creates the metrics; `/metrics` renders `registry`. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const latency = new Histogram({
    name: "worker_request_duration_seconds",
    help: "Time from request to reply inside the worker, by route",
    labelNames: ["route"] as const,
    // Fine at the low end: the scoring budget is 5 ms.
    buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers,
  });
  const requests = new Counter({ name: "worker_requests_total", help: "Replies by route and status code", labelNames: ["route", "status"] as const, registers });
  const recommendations = new Counter({
    name: "worker_recommendations_total",
    help: "Recommendation replies by source: the model, or the popular list (unknown user)",
    labelNames: ["source"] as const,
    registers,
  });
  const ignoredFlags = new Counter({
    name: "worker_ignored_flags_total",
    help: "Invalid X-Flags fields ignored (flag name, or 'header' for an unusable header)",
    labelNames: ["flag"] as const,
    registers,
  });
  const modelInfo = new Gauge({ name: "worker_model_info", help: "The model serving now (value 1)", labelNames: ["version", "algorithm"] as const, registers });
  const modelLoads = new Counter({ name: "worker_model_loads_total", help: "Model loads by result: swapped or rejected", labelNames: ["result"] as const, registers });
  const registryReads = new Counter({
    name: "worker_registry_reads_total",
    help: "Reads of the model registry by result: ok, or failed (unreachable or no answer in time)",
    labelNames: ["result"] as const,
    registers,
  });
  return {
    registry,
    /** Records one reply. */
    observe(route: Route, status: number, seconds: number) {
      latency.observe({ route }, seconds);
      requests.inc({ route, status: String(status) });
    },
    recommendation: (source: "model" | "popular") => recommendations.inc({ source }),
    ignoredFlag: (flag: string) => ignoredFlags.inc({ flag }),
    /** Marks `model` as the one serving. */
    swapped(model: ServingModel) {
      modelInfo.reset();
      modelInfo.set({ version: model.version, algorithm: model.manifest.algorithm.name }, 1);
      modelLoads.inc({ result: "swapped" });
    },
    rejected: () => modelLoads.inc({ result: "rejected" }),
    registryRead: (result: "ok" | "failed") => registryReads.inc({ result }),
  };
}
