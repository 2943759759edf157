/**
 * `bun workers/main.ts`: an inference worker. Serves `GET /recommend/:userid`
 * from a model artifact (WORKER_MODEL_PATH) and/or the model registry
 * (WORKER_MODEL_VERSION: a version, or "production" to follow promotions), with
 * /healthz, /readyz, /metrics and `POST /admin/model` on WORKER_PORT.
 *
 * It starts without its database: it listens at once, and when the registry cannot be
 * read it serves the artifact it served last (remembered in WORKER_STATE_DIR) while it
 * keeps retrying; with nothing remembered it stays up and not ready (503 on /readyz).
 * Stops on SIGINT/SIGTERM after in-flight requests finish, within 5 s even when the
 * database is dead.
 */
import { join } from "node:path";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { embeddedDatabaseUrl } from "../infra/db/embedded-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { logUncaughtErrors } from "../infra/log/log-uncaught.ts";
import { readArtifactDigest } from "../infra/model/read-artifact-digest.ts";
import { runMain } from "../infra/cli/command.ts";
import { createShutdown, type Shutdown } from "../infra/process/on-shutdown.ts";
import { loadWorkerConfig, type WorkerConfig } from "./config.ts";
import { createRequestHandler } from "./http/create-request-handler.ts";
import { createWorkerMetrics } from "./http/worker-metrics.ts";
import { followRegistry } from "./model/follow-registry.ts";
import { loadServingModel } from "./model/load-serving-model.ts";
import { createModelManager, type ModelManager } from "./model/model-manager.ts";
import type { ModelRegistry } from "./model/model-registry.ts";
import { createPostgresModelRegistry } from "./model/postgres-model-registry.ts";
import { restoreServedArtifact } from "./model/restore-served-artifact.ts";
import { createServedArtifactMemory, SERVED_ARTIFACT_FILE, type ServedArtifactMemory } from "./model/served-artifact-memory.ts";
import { startWorkerServer } from "./server.ts";
import { redactUrlCredentials } from "../shared/text/redact-url-credentials.ts";

const log = createLogger("worker");
logUncaughtErrors(log);

/** Every stop step together: a supervisor's Ctrl-C budget is 5 s, and a dead database must not use it up. */
const STOP_WITHIN_MS = 4_000;

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
  // Stopped in reverse: the registry follower, the server (after in-flight requests), the database.
  const shutdown = createShutdown({
    onStart: (signal) => log.info("stopping", { signal }),
    onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
    onTimeout: (step) => log.warn("stop timed out; exiting", { step }),
    timeoutMs: STOP_WITHIN_MS,
  });
  const metrics = createWorkerMetrics();
  const memory = createServedArtifactMemory(join(config.WORKER_STATE_DIR, SERVED_ARTIFACT_FILE), { digest: readArtifactDigest });

  // The registry is needed to follow it, and worth having for admin swaps by version when a database is named.
  const registry = config.WORKER_MODEL_VERSION || config.DATABASE_URL ? await openRegistry(config, shutdown) : null;

  const manager = createModelManager({
    load: loadServingModel,
    registry,
    onSwap: (next, previous, path) => {
      metrics.swapped(next);
      log.info("model swapped", { version: next.version, previousVersion: previous?.version ?? null, users: next.users.size, items: next.itemCount });
      // The previous model is garbage once in-flight requests finish; a hint frees its arrays sooner.
      Bun.gc(false);
      memory.remember({ version: next.version, artifactPath: path }).catch((error) =>
        log.warn("could not remember the served artifact; a restart without the registry will not find it", { file: memory.file, error: errorMessage(error) })
      );
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
  shutdown.add("http server", () => server.stop());
  log.info("worker listening", { url: server.url, modelPath: config.WORKER_MODEL_PATH, modelVersion: config.WORKER_MODEL_VERSION, stateDir: config.WORKER_STATE_DIR });
  if (config.WORKER_FAULT_ERROR_RATE > 0) log.warn("fault drill: failing a share of recommendations on purpose", { errorRate: config.WORKER_FAULT_ERROR_RATE });

  // A bad artifact at start leaves the worker up but not ready (503): an admin call or the registry can still fix it.
  if (config.WORKER_MODEL_PATH) await manager.loadPath(config.WORKER_MODEL_PATH);
  if (registry && config.WORKER_MODEL_VERSION) {
    const selector = config.WORKER_MODEL_VERSION;
    const restoreOnce = once(() => restoreRemembered({ memory, manager, selector }));
    const follower = followRegistry({
      registry, manager, selector, everyMs: config.WORKER_REGISTRY_POLL_MS, log,
      onRead: metrics.registryRead,
      onUnreachable: () => {
        // Only a worker with nothing to serve falls back on memory; one serving a model keeps it.
        if (!manager.current()) void restoreOnce();
      },
    });
    shutdown.add("registry follower", () => follower.stop());
  }
}

/**
 * The registry over DATABASE_URL, or over the embedded database (started when nothing
 * listens on its port). Connections open lazily, so an unreachable database is found by
 * the first read, which the follower survives; a failed embedded start is logged, not fatal.
 */
async function openRegistry(config: WorkerConfig, shutdown: Shutdown): Promise<ModelRegistry> {
  let url: string;
  try {
    const server = await ensureDatabase(config, (line) => log.info(line));
    shutdown.add("database server", server.stop);
    url = server.url;
  } catch (error) {
    url = embeddedDatabaseUrl(config.EMBEDDED_DATABASE_PORT);
    log.warn("could not start the embedded database; reading the registry there until it answers", {
      url: redactUrlCredentials(url), error: redactUrlCredentials(errorMessage(error)),
    });
  }
  const database = connectDatabase(url, { max: 2, applicationName: "worker" });
  // The worker only reads, and its follower has stopped by now: nothing is left to finish, and
  // a connection still trying to reach a dead database would hold a graceful end for seconds.
  shutdown.add("database", () => database.sql.end({ timeout: 0 }));
  return createPostgresModelRegistry(database);
}

/** Serves the remembered artifact, logging what came of it; never rejects. */
async function restoreRemembered(deps: { memory: ServedArtifactMemory; manager: ModelManager; selector: string }): Promise<void> {
  const { memory } = deps;
  let outcome;
  try {
    outcome = await restoreServedArtifact({ ...deps, digest: readArtifactDigest });
  } catch (error) {
    outcome = { kind: "refused" as const, reason: errorMessage(error) };
  }
  if (outcome.kind === "serving") log.info("serving the remembered artifact until the registry answers", { version: outcome.version, artifactPath: outcome.artifactPath });
  else if (outcome.kind === "none") log.warn("no remembered artifact: not ready until the registry answers", { file: memory.file });
  else log.error("remembered artifact refused: not ready until the registry answers", { file: memory.file, reason: outcome.reason });
}

/** `run` on the first call only; later calls return the first call's promise. */
function once(run: () => Promise<void>): () => Promise<void> {
  let started: Promise<void> | null = null;
  return () => (started ??= run());
}

await runMain(command, async () => {
  await main();
  return "running" as const;
}, (error) => log.error("worker failed to start", { error: errorMessage(error) }));
