/** Configuration of the one-command system, from the environment. */
import { z } from "zod";
import { DatabaseEnv, KafkaEnv, PortText } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { TelemetrySigningEnv } from "../shared/telemetry/index.ts";

const OnOff = z.enum(["on", "off"]);

/** A comma-separated list of ports. */
const PortList = z.string().regex(/^\d+(,\d+)*$/, "must be a comma-separated list of ports")
  .transform((s) => s.split(",").map(Number))
  .pipe(z.array(z.number().int().min(1).max(65_535)));

export const SystemConfig = DatabaseEnv.extend(KafkaEnv.shape).extend({
  /** Where the running system writes its endpoints for other commands to find. */
  SYSTEM_STATE_FILE: z.string().min(1).default(".data/system.json"),
  /** Lines of simulated history written into an empty event store before the first training. */
  SYSTEM_WARMUP_LINES: z.coerce.number().int().min(0).max(50_000_000).default(1_500_000),
  /** `off` runs no simulated traffic (a real site sends it). */
  SIMULATOR: OnOff.default("on"),
  /** The simulated site: the same world for the warm-up history and the live traffic. */
  SIMULATOR_USERS: z.coerce.number().int().min(1).default(1000),
  SIMULATOR_MOVIES: z.coerce.number().int().min(1).default(400),
  SIMULATOR_RATE: z.coerce.number().positive().default(5),
  SIMULATOR_SPEED: z.coerce.number().positive().default(30),
  SIMULATOR_API_PORT: PortText.default(8080),
  /** Minutes between profiles:sync runs against the simulated site's user API (0: none). */
  SYSTEM_PROFILES_SYNC_MINUTES: z.coerce.number().min(0).max(10_080).default(10),
  /** The port every router shares (reusePort). */
  ROUTER_PORT: PortText.default(8082),
  /**
   * One router process per port, each serving its own GET /metrics there so Prometheus
   * scrapes each as its own target. Two by default: no single router is the service.
   * (Ingestion's metrics keep 9464.)
   */
  ROUTER_METRICS_PORTS: PortList.default([9465, 9466]),
  /** Ports of the stable pool's workers. */
  WORKER_PORTS: PortList.default([8091, 8092]),
  /** Admin token of router and workers; generated for the session when unset. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
}).extend(TelemetrySigningEnv.shape).refine((c) => new Set(systemPorts(c)).size === systemPorts(c).length, {
  path: ["ROUTER_METRICS_PORTS"],
  message: "the router, router metrics, worker, simulator API and embedded database ports must all differ",
});
export type SystemConfig = z.infer<typeof SystemConfig>;

/** Parses the environment; throws naming the first bad variable. */
export function loadSystemConfig(env: Record<string, string | undefined>): SystemConfig {
  return parseEnv(SystemConfig, env);
}

/** Every port the system's own processes listen on. */
function systemPorts(c: { ROUTER_PORT: number; ROUTER_METRICS_PORTS: number[]; WORKER_PORTS: number[]; SIMULATOR_API_PORT: number; EMBEDDED_DATABASE_PORT: number }): number[] {
  return [c.ROUTER_PORT, ...c.ROUTER_METRICS_PORTS, ...c.WORKER_PORTS, c.SIMULATOR_API_PORT, c.EMBEDDED_DATABASE_PORT];
}
