/**
 * `bun workers/main.ts`: an inference worker. Serves `GET /recommend/:userid`
 * from a model artifact (WORKER_MODEL_PATH) and/or the model registry
 * (WORKER_MODEL_VERSION: a version, or "production" to follow promotions), with
 * /healthz, /readyz, /metrics and `POST /admin/model` on WORKER_PORT. Stops on
 * SIGINT/SIGTERM after in-flight requests finish.
 */
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { createLogger } from "../infra/log/logger.ts";
import { loadWorkerConfig } from "./config.ts";
import { createRequestHandler } from "./http/create-request-handler.ts";
import { createWorkerMetrics } from "./http/worker-metrics.ts";
import { followRegistry, type RegistryFollower } from "./model/follow-registry.ts";
import { loadServingModel } from "./model/load-serving-model.ts";
import { createModelManager } from "./model/model-manager.ts";
import type { ModelRegistry } from "./model/model-registry.ts";
import { createPostgresModelRegistry } from "./model/postgres-model-registry.ts";
import { startWorkerServer } from "./server.ts";
import { errorMessage } from "../infra/log/logger.ts";
import { runMain } from "../infra/cli/command.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";

const log = createLogger("worker");

const command = {
  name: "bun run worker",
  summary: "An inference worker: GET /recommend/:userid from WORKER_MODEL_PATH and/or the registry (WORKER_MODEL_VERSION), on WORKER_PORT.",
  usage: [""],
  examples: ["WORKER_MODEL_VERSION=production WORKER_PORT=8091 bun run worker"],
  flags: {},
  notes: ["Configured by the environment (workers/config.ts); runs until SIGINT/SIGTERM."],
} as const;

async function main() {
  const config = loadWorkerConfig(process.env);
  const metrics = createWorkerMetrics();

  // The registry is needed to follow it, and worth having for admin swaps by version when a database is named.
  let database: Database | null = null;
  let stopDatabase = async () => {};
  let registry: ModelRegistry | null = null;
  if (config.WORKER_MODEL_VERSION || config.DATABASE_URL) {
    const server = await ensureDatabase(config, (line) => log.info(line));
    stopDatabase = server.stop;
    database = connectDatabase(server.url, { max: 2, applicationName: "worker" });
    registry = createPostgresModelRegistry(database);
  }

  const manager = createModelManager({
    load: loadServingModel,
    registry,
    onSwap: (next, previous) => {
      metrics.swapped(next);
      log.info("model swapped", { version: next.version, previousVersion: previous?.version ?? null, users: next.users.size, items: next.itemCount });
      // The previous model is garbage once in-flight requests finish; a hint frees its arrays sooner.
      Bun.gc(false);
    },
    onReject: (reason) => {
      metrics.rejected();
      log.error("model refused; the current model keeps serving", { reason });
    },
  });

  const server = startWorkerServer({
    port: config.WORKER_PORT,
    hostname: config.WORKER_HOST,
    handler: createRequestHandler({ manager, metrics, log, adminToken: config.WORKER_ADMIN_TOKEN, listLength: config.WORKER_LIST_LENGTH, faultErrorRate: config.WORKER_FAULT_ERROR_RATE }),
    log,
  });
  log.info("worker listening", { url: server.url, modelPath: config.WORKER_MODEL_PATH, modelVersion: config.WORKER_MODEL_VERSION });
  if (config.WORKER_FAULT_ERROR_RATE > 0) log.warn("fault drill: failing a share of recommendations on purpose", { errorRate: config.WORKER_FAULT_ERROR_RATE });

  // A bad artifact at start leaves the worker up but not ready (503): an admin call or the registry can still fix it.
  if (config.WORKER_MODEL_PATH) await manager.loadPath(config.WORKER_MODEL_PATH);
  let follower: RegistryFollower | null = null;
  if (registry && config.WORKER_MODEL_VERSION) {
    follower = followRegistry({ registry, manager, selector: config.WORKER_MODEL_VERSION, everyMs: config.WORKER_REGISTRY_POLL_MS, log });
  }

  // Stopped in reverse: the registry follower, the server (after in-flight requests), the database.
  const shutdown = createShutdown({
    onStart: (signal) => log.info("stopping", { signal }),
    onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
    onTimeout: (step) => log.warn("stop timed out; exiting", { step }),
  });
  shutdown.add("database server", stopDatabase);
  shutdown.add("database", () => database?.close());
  shutdown.add("http server", () => server.stop());
  shutdown.add("registry follower", () => follower?.stop());
}

await runMain(command, async () => {
  await main();
  return "running" as const;
}, (error) => log.error("worker failed to start", { error: errorMessage(error) }));
