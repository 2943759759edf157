/**
 * Worker servers for release integration tests, in-process and built the way
 * workers/main.ts builds them (registry-backed, admin API on), and a canary launcher
 * that starts such a worker for the candidate: every supervisor test against real
 * workers starts them here.
 */
import type { Database } from "../../../infra/db/connect-database.ts";
import type { Logger } from "../../../infra/log/logger.ts";
import { createRequestHandler } from "../../../workers/http/create-request-handler.ts";
import { createWorkerMetrics } from "../../../workers/http/worker-metrics.ts";
import { loadServingModel } from "../../../workers/model/load-serving-model.ts";
import { createModelManager } from "../../../workers/model/model-manager.ts";
import { createPostgresModelRegistry } from "../../../workers/model/postgres-model-registry.ts";
import { startWorkerServer, type WorkerServer } from "../../../workers/server.ts";
import type { CanaryFaults, CanaryLauncher } from "../../launcher/canary-launcher.ts";

/** Starts workers against one database; `stopAll` closes every one it started. */
export type InProcessWorkers = {
  /** A worker serving `version` (none loaded when null), with the admin API behind `adminToken`. */
  start(version: string | null, options?: { faultErrorRate?: number; adminToken?: string }): Promise<WorkerServer>;
  stopAll(): Promise<void>;
};

export function inProcessWorkers(database: Database, log: Logger, adminToken: string): InProcessWorkers {
  const servers: WorkerServer[] = [];
  return {
    async start(version, options = {}) {
      const metrics = createWorkerMetrics();
      const manager = createModelManager({
        load: loadServingModel,
        registry: createPostgresModelRegistry(database),
        onSwap: (m) => metrics.swapped(m),
        onReject: () => {},
      });
      if (version) {
        const loaded = await manager.loadVersion(version);
        if (!loaded.ok) throw new Error(`worker could not load ${version}: ${JSON.stringify(loaded)}`);
      }
      const handler = createRequestHandler({
        manager, metrics, log, adminToken: options.adminToken ?? adminToken, listLength: 20, faultErrorRate: options.faultErrorRate ?? 0,
      });
      const server = startWorkerServer({ port: 0, hostname: "127.0.0.1", handler, log });
      servers.push(server);
      return server;
    },
    async stopAll() {
      for (const server of servers.splice(0)) await server.stop();
    },
  };
}

/** A launcher whose canary is an in-process worker; `running()` is the current one, `starts` counts launches. */
export function inProcessLauncher(workers: InProcessWorkers): CanaryLauncher & { starts: number; running: () => WorkerServer | null } {
  let current: { server: WorkerServer; version: string } | null = null;
  return {
    starts: 0,
    running: () => current?.server ?? null,
    async start(version: string, faults: CanaryFaults = {}) {
      if (current?.version === version) return current.server.url;
      this.starts++;
      current = { server: await workers.start(version, { faultErrorRate: faults.errorRate ?? 0 }), version };
      return current.server.url;
    },
    async stop() {
      await current?.server.stop();
      current = null;
    },
  };
}
