/**
 * What the demos share: the running system, or one started busier and faster than
 * `npm start`'s default so a demo's canary steps and experiment arms fill in minutes
 * (at 240× a watch keeps a user busy for about 20 s, so most users are free to ask
 * again), and the environment the project's commands need to reach it.
 */
import { ensureSystem, type RunningSystem } from "./ensure-system.ts";

export type DemoSystem = { readonly system: RunningSystem; readonly env: Record<string, string | undefined> };

/** The running system or a started one; `onLine` gets its output, `say` the one-line summary. */
export async function ensureDemoSystem(options: { onLine: (line: string) => void; say: (line: string) => void }): Promise<DemoSystem> {
  const system = await ensureSystem({
    env: process.env,
    startEnv: { SIMULATOR_RATE: process.env.SIMULATOR_RATE || "40", SIMULATOR_SPEED: process.env.SIMULATOR_SPEED || "240" },
    onLine: options.onLine,
    timeoutMs: 600_000,
  });
  options.say(system.started ? "started the system for the demo" : "using the running system");
  const env = {
    ...process.env,
    DATABASE_URL: system.state.databaseUrl,
    KAFKA_BROKERS: system.state.kafkaBrokers.join(","),
    // The embedded Kafka moves to new ports when it restarts; the file always names them.
    ...(system.state.kafkaBrokersFile ? { KAFKA_BROKERS_FILE: system.state.kafkaBrokersFile } : {}),
    KAFKA_TOPIC: system.state.kafkaTopic,
    ADMIN_TOKEN: process.env.ADMIN_TOKEN || system.state.adminToken,
  };
  return { system, env };
}
