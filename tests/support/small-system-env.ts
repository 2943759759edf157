/**
 * The environment of a whole embedded system in a temporary directory on free ports,
 * with a small simulated world, for end-to-end tests of commands that start the
 * system themselves. Empty values mean unset: the embedded defaults are under test.
 */
import { join } from "node:path";
import { freePort } from "./free-port.ts";

export type SmallSystemPorts = {
  readonly db: number;
  readonly router: number;
  readonly api: number;
  readonly workers: readonly number[];
  /** One per router process (router-1, router-2). */
  readonly routerMetrics: readonly number[];
  readonly ingestMetrics: number;
};

/** Free ports for one system. */
export async function smallSystemPorts(): Promise<SmallSystemPorts> {
  return {
    db: await freePort(), router: await freePort(), api: await freePort(), workers: [await freePort(), await freePort()],
    routerMetrics: [await freePort(), await freePort()], ingestMetrics: await freePort(),
  };
}

/** The variables that keep the system's data in `dir`, on `ports`, with a small world. */
export function smallSystemEnv(dir: string, ports: SmallSystemPorts, simulatorRate = 30): Record<string, string> {
  return {
    DATABASE_URL: "", KAFKA_BROKERS: "", ADMIN_TOKEN: "", RESEND_API_KEY: "",
    EMBEDDED_DATABASE_DIR: join(dir, "pglite"), EMBEDDED_DATABASE_PORT: String(ports.db), SYSTEM_STATE_FILE: join(dir, "system.json"),
    ARTIFACT_DIR: join(dir, "artifacts"), SNAPSHOT_DIR: join(dir, "snapshots"),
    ROUTER_PORT: String(ports.router), WORKER_PORTS: ports.workers.join(","), SIMULATOR_API_PORT: String(ports.api),
    ROUTER_METRICS_PORTS: ports.routerMetrics.join(","), INGEST_METRICS_PORT: String(ports.ingestMetrics),
    SYSTEM_WARMUP_LINES: "250000", SIMULATOR_USERS: "150", SIMULATOR_MOVIES: "120", SIMULATOR_RATE: String(simulatorRate), SIMULATOR_SPEED: "120",
    INGEST_SESSION_TIMEOUT_MS: "6000",
  };
}
