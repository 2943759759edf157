/** Configuration of the one-command system, from the environment. */
import { z } from "zod";
import { DatabaseEnv, KafkaEnv, PortText } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { TelemetrySigningEnv } from "../shared/telemetry/index.ts";

const OnOff = z.enum(["on", "off"]);

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
  ROUTER_PORT: PortText.default(8082),
  /** Ports of the stable pool's workers. */
  WORKER_PORTS: z.string().regex(/^\d+(,\d+)*$/, "must be a comma-separated list of ports").default("8091,8092")
    .transform((s) => s.split(",").map(Number)),
  /** Admin token of router and workers; generated for the session when unset. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
}).extend(TelemetrySigningEnv.shape);
export type SystemConfig = z.infer<typeof SystemConfig>;

/** Parses the environment; throws naming the first bad variable. */
export function loadSystemConfig(env: Record<string, string | undefined>): SystemConfig {
  return parseEnv(SystemConfig, env);
}
