/**
 * The endpoints of a running system, written by `npm start` so that other commands
 * (replays, reports, demos, the chaos drill) find the database and Kafka it started and
 * the processes it supervises. Rewritten whenever one of them restarts (new pid, and for
 * the embedded Kafka new brokers), always whole: a reader sees the old file or the new one.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";

export const SystemState = z.object({
  pid: z.number().int(),
  startedAt: z.string(),
  databaseUrl: z.string(),
  /** The brokers now; for the embedded Kafka they change with every restart (see kafkaBrokersFile). */
  kafkaBrokers: z.array(z.string()),
  kafkaTopic: z.string(),
  /** The file the embedded Kafka's current brokers are written to (KAFKA_BROKERS_FILE); absent for a fixed Kafka. */
  kafkaBrokersFile: z.string().optional(),
  /** The workers' and router's admin token, so the release supervisor can swap models. */
  adminToken: z.string().optional(),
  /** The file holding the key the router signs telemetry with and ingestion checks (absent: from the environment). */
  telemetrySigningKeyFile: z.string().optional(),
  /** Pid of every supervised process by name (`database`, `kafka`, `ingest`, `worker-1`, `router-1`, `simulator`, …). */
  processes: z.record(z.string(), z.number().int().positive()).optional(),
  /** The port the routers share. */
  routerPort: z.number().int().optional(),
  /** Each router's own /metrics port, in the order router-1, router-2, … */
  routerMetricsPorts: z.array(z.number().int()).optional(),
  workerUrls: z.array(z.string()).optional(),
  /** The simulated site's user and movie API, when the simulator runs. */
  simulatorApiPort: z.number().int().optional(),
});
export type SystemState = z.infer<typeof SystemState>;

/** Writes the state file whole: a temporary file renamed over it. */
export function writeSystemState(path: string, state: SystemState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  // Owner-only: the file holds the session's admin token.
  writeFileSync(temporary, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  chmodSync(temporary, 0o600); // `mode` applies only when the file is created; a leftover may be wider
  renameSync(temporary, path);
}

/** The state of a system that is still running, or null (no file, bad file, or its process is gone). */
export function readSystemState(path: string): SystemState | null {
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
  const parsed = SystemState.safeParse(json);
  if (!parsed.success) return null;
  try {
    process.kill(parsed.data.pid, 0);
    return parsed.data;
  } catch {
    return null;
  }
}

/** Removes the state file. */
export function clearSystemState(path: string): void {
  rmSync(path, { force: true });
}
