/** Configuration of the simulator process, from the environment. */
import { z } from "zod";
import { KafkaEnv, PortText } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { type FaultKind, FaultList } from "./faults/fault-kind.ts";

/** The simulator's environment: world size, load, speed, target, Kafka, API port, faults, duration. */
export const SimulatorConfig = KafkaEnv.extend({
  /** Seed of the world and of every behaviour draw. */
  SIMULATOR_SEED: z.coerce.number().int().min(0).max(4_294_967_295).default(42),
  /**
   * A watch keeps a user busy for about 80 simulated minutes, so about
   * rate × 0.45 × 4800 / speed users are busy at once: keep well above that.
   */
  SIMULATOR_USERS: z.coerce.number().int().min(1).max(10_000_000).default(20_000),
  SIMULATOR_MOVIES: z.coerce.number().int().min(1).max(200_000).default(2_000),
  /** Recommendation requests per real second (bursts multiply it). */
  SIMULATOR_RATE: z.coerce.number().positive().max(100_000).default(5),
  /** Simulated seconds per real second: 60 turns a movie's 100 minutes into 100 seconds. */
  SIMULATOR_SPEED: z.coerce.number().positive().max(1_000_000).default(1),
  /** Base URL of the recommendation service. */
  SIMULATOR_TARGET: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:8082"),
  /** Port of the simulated user and movie API (`/user/<id>`, `/movie/<id>`). */
  SIMULATOR_API_PORT: PortText.default(8080),
  /** Address the API listens on; `npm start` keeps it on 127.0.0.1. */
  SIMULATOR_API_HOST: z.string().min(1).default("0.0.0.0"),
  /** Comma list of faults to inject (see faults/fault-kind.ts), `all` or `none`. */
  SIMULATOR_FAULTS: FaultList.optional().transform((faults): ReadonlySet<FaultKind> => faults ?? new Set()),
  /** Run this many real seconds, then exit; unset runs until SIGINT/SIGTERM. */
  SIMULATOR_DURATION_S: z.coerce.number().positive().optional(),
});
export type SimulatorConfig = z.infer<typeof SimulatorConfig>;

/** Parses the environment; throws naming the bad variables. */
export function loadSimulatorConfig(env: Record<string, string | undefined>): SimulatorConfig {
  return parseEnv(SimulatorConfig, env);
}
