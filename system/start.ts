/**
 * `npm start`: the whole system on embedded defaults, in one command. In order:
 * the database (DATABASE_URL, else embedded PGlite with its data in .data/) and
 * its migrations, Kafka (KAFKA_BROKERS, else librdkafka's mock cluster), ingestion,
 * a first model when the registry has none (simulated warm-up history, training,
 * promotion), two workers following the production model, the router on :8082,
 * simulated traffic (SIMULATOR=off for none) and, with it, user profiles synced from
 * the simulated user API every SYSTEM_PROFILES_SYNC_MINUTES. The router signs its
 * telemetry and ingestion checks it with TELEMETRY_SIGNING_KEY(_FILE), else with a key
 * generated once beside the state file. A second start reuses the stored state and
 * that key. Ctrl-C stops everything it started, in reverse order.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { waitForPort } from "../infra/db/embedded-database.ts";
import { ensureKafka } from "../infra/kafka/ensure-kafka.ts";
import { denoBinary } from "../infra/process/deno-binary.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { runMain } from "../infra/cli/command.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";
import { bootstrapModel } from "./bootstrap-model.ts";
import { loadSystemConfig } from "./config.ts";
import { runStep } from "./run-step.ts";
import { scheduleProfilesSync } from "./schedule-profiles-sync.ts";
import { superviseProcess } from "./supervise-process.ts";
import { clearSystemState, readSystemState, writeSystemState } from "../infra/process/system-state.ts";
import { readTelemetrySigningKey } from "../shared/telemetry/index.ts";
import { ensureTelemetrySigningKeyFile } from "./telemetry-signing-key-file.ts";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;
const log = createLogger("system");
const say = (line: string) => console.log(line);

const command = {
  name: "npm start",
  summary: "The whole system on embedded defaults: database, Kafka, ingestion, a first model, workers, the router, simulated traffic.",
  usage: [""],
  examples: ["npm start", "SIMULATOR=off npm start"],
  flags: {},
  notes: ["Configured by the environment (system/config.ts); Ctrl-C stops everything it started, in reverse order."],
} as const;

async function main() {
  const config = loadSystemConfig(process.env);
  const stateFile = resolve(ROOT, config.SYSTEM_STATE_FILE);
  const running = readSystemState(stateFile);
  if (running) {
    console.error(`The system is already running (pid ${running.pid}); stop it first.`);
    process.exit(1);
  }
  // Every part registers as it starts, so the shutdown stops them in reverse order; the state goes last.
  const shutdown = createShutdown({
    onStart: (reason) => say(`\nstopping (${reason})…`),
    onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
    onTimeout: (step) => log.warn("stop timed out; exiting", { step }),
    // Children get their own grace period each (supervise-process.ts); this bounds the whole.
    timeoutMs: 60_000,
  });
  shutdown.add("state", () => {
    clearSystemState(stateFile);
    say("stopped.");
  });

  try {
    say("starting the database…");
    const database = await ensureDatabase(config, (l) => log.info(l));
    shutdown.add("database server", () => database.stop());
    await migrateDatabase(database.url);
    const db = connectDatabase(database.url, { applicationName: "system", max: 2 });
    shutdown.add("database", () => db.close());

    say("starting Kafka…");
    const kafka = await ensureKafka(config.KAFKA_BROKERS, config.KAFKA_TOPIC);
    shutdown.add("kafka", () => kafka.stop());

    const adminToken = config.ADMIN_TOKEN ?? randomBytes(18).toString("base64url");
    // A key the environment names is checked here, so a bad one stops the start instead of crash-looping ingestion.
    const givenKey = readTelemetrySigningKey(config, (path) => readFileSync(path, "utf8"));
    const keyFile = givenKey === null
      ? ensureTelemetrySigningKeyFile(join(dirname(stateFile), "telemetry-signing.key")).path
      : config.TELEMETRY_SIGNING_KEY_FILE && resolve(config.TELEMETRY_SIGNING_KEY_FILE);
    const workerUrls = config.WORKER_PORTS.map((port) => `http://127.0.0.1:${port}`);
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: kafka.brokers.join(","),
      SIMULATOR_USERS: String(config.SIMULATOR_USERS),
      SIMULATOR_MOVIES: String(config.SIMULATOR_MOVIES),
      // The children read the key from the file (or the variable the environment set).
      ...(keyFile ? { TELEMETRY_SIGNING_KEY_FILE: keyFile } : {}),
    };
    const launch = (name: string, command: string, args: string[], extra: Record<string, string> = {}) => {
      const child = superviseProcess({ name, command, args, env: { ...env, ...extra }, cwd: ROOT, onLine: (l) => console.error(`[${name}] ${l}`) }, log);
      shutdown.add(name, () => child.stop());
      return child;
    };

    say("starting ingestion…");
    launch("ingest", BUN, ["ingest/main.ts"]);

    const model = await bootstrapModel({ sql: db.sql, root: ROOT, bun: BUN, env, warmupLines: config.SYSTEM_WARMUP_LINES, say });

    say("starting the workers and the router…");
    config.WORKER_PORTS.forEach((port, i) =>
      launch(`worker-${i + 1}`, BUN, ["workers/main.ts"], {
        WORKER_PORT: String(port), WORKER_HOST: "127.0.0.1", WORKER_MODEL_VERSION: "production", WORKER_ADMIN_TOKEN: adminToken,
      })
    );
    launch("router", denoBinary(), ["run", "--allow-all", "router/main.ts"], {
      ROUTER_PORT: String(config.ROUTER_PORT), ROUTER_HOST: "127.0.0.1", ROUTER_ADMIN_TOKEN: adminToken,
      ROUTER_SEED_POOL_URLS: workerUrls.join(","), ROUTER_SEED_MODEL_VERSION: model ?? "production",
    });
    // The site's users come only once the router listens: a refused request is a failed one.
    await waitForPort(config.ROUTER_PORT, 60_000);
    const syncsProfiles = config.SIMULATOR === "on" && config.SYSTEM_PROFILES_SYNC_MINUTES > 0;
    if (config.SIMULATOR === "on") {
      launch("simulator", BUN, ["simulator/main.ts"], {
        SIMULATOR_TARGET: `http://127.0.0.1:${config.ROUTER_PORT}`, SIMULATOR_RATE: String(config.SIMULATOR_RATE),
        SIMULATOR_SPEED: String(config.SIMULATOR_SPEED), SIMULATOR_API_PORT: String(config.SIMULATOR_API_PORT),
      });
    }
    if (syncsProfiles) {
      const schedule = scheduleProfilesSync({
        ready: () => waitForPort(config.SIMULATOR_API_PORT, 60_000),
        sync: () => runStep(BUN, ["ingest/profiles/sync-profiles-main.ts"], {
          cwd: ROOT, env: { ...env, USER_API_URL: `http://127.0.0.1:${config.SIMULATOR_API_PORT}` },
          onLine: (line) => console.error(`[profiles] ${line}`),
        }),
        everyMs: config.SYSTEM_PROFILES_SYNC_MINUTES * 60_000,
        onSummary: (line) => console.error(`[profiles] ${line}`),
        log,
      });
      shutdown.add("profiles sync", () => schedule.stop());
    }

    writeSystemState(stateFile, {
      pid: process.pid, startedAt: new Date().toISOString(), databaseUrl: database.url,
      kafkaBrokers: kafka.brokers, kafkaTopic: config.KAFKA_TOPIC, adminToken,
      ...(keyFile ? { telemetrySigningKeyFile: keyFile } : {}),
    });
    say([
      "",
      "The recommendation platform is running:",
      `  recommend  http://127.0.0.1:${config.ROUTER_PORT}/recommend/<userid>   (router; metrics at /metrics)`,
      `  workers    ${workerUrls.join(", ")}   serving ${model ?? "(no model yet: the router answers from its fallback list)"}`,
      `  database   ${database.url}${config.DATABASE_URL ? "" : `  (embedded PGlite, data in ${config.EMBEDDED_DATABASE_DIR})`}`,
      `  kafka      ${kafka.brokers.join(",")}  topic ${config.KAFKA_TOPIC}${kafka.embedded ? "  (embedded mock cluster)" : ""}`,
      `  ingest     movielog → event store; router telemetry → telemetry_events, signed with ${
        keyFile ? `the key in ${keyFile}` : "TELEMETRY_SIGNING_KEY"
      }`,
      config.SIMULATOR === "on"
        ? `  simulator  ${config.SIMULATOR_USERS} users, ${config.SIMULATOR_RATE} requests/s; user and movie API on http://127.0.0.1:${config.SIMULATOR_API_PORT}`
        : "  simulator  off",
      ...(syncsProfiles ? [`  profiles   profiles:sync from the user API every ${config.SYSTEM_PROFILES_SYNC_MINUTES} min, for attribute targeting`] : []),
      `  admin      token ${config.ADMIN_TOKEN ? "(from ADMIN_TOKEN)" : adminToken}`,
      "",
      "Try it:",
      `  curl localhost:${config.ROUTER_PORT}/recommend/42`,
      "  npm run data:quality",
      "  npm run models list",
      "",
      "Ctrl-C stops everything.",
      "ready",
    ].join("\n"));
  } catch (error) {
    log.error("start failed", { error: errorMessage(error) });
    await shutdown.stop("start failed", 1);
  }
}

await runMain(command, async () => {
  await main();
  return "running" as const;
});
