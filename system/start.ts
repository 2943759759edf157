/**
 * `npm start`: the whole system on embedded defaults, in one command. In order:
 * the database (DATABASE_URL, else embedded PGlite with its data in .data/) and
 * its migrations, Kafka (KAFKA_BROKERS, else librdkafka's mock cluster), ingestion,
 * a first model when the registry has none (simulated warm-up history, training,
 * promotion), two workers following the production model, two routers sharing :8082,
 * simulated traffic (SIMULATOR=off for none) and, with it, user profiles synced from
 * the simulated user API every SYSTEM_PROFILES_SYNC_MINUTES.
 *
 * Every process it starts is supervised (supervise-process.ts), the embedded database
 * and Kafka included: one that dies is restarted with backoff, and the state file
 * records the pid of each one's latest run. The embedded Kafka comes back on new ports,
 * which it writes to KAFKA_BROKERS_FILE (.data/kafka-brokers) for the clients to find.
 * The routers sign their telemetry and ingestion checks it with
 * TELEMETRY_SIGNING_KEY(_FILE), else with a key generated once beside the state file. A
 * second start reuses the stored state and that key. Ctrl-C stops everything it started,
 * in reverse order: the simulator, the routers, the workers, ingestion, Kafka, the database.
 *
 * On a terminal the first model's steps show progress bars, and the children's JSON logs
 * read as words; piped or redirected, every line stays as the children wrote it. The
 * admin token is never printed (it is in the owner-only state file), nor the database's
 * credentials.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { embeddedDatabaseUrl, isPortOpen, waitForPort } from "../infra/db/embedded-database.ts";
import { configuredBrokers } from "../infra/kafka/ensure-kafka.ts";
import { hasKcat } from "../infra/kafka/mock-cluster.ts";
import { denoBinary } from "../infra/process/deno-binary.ts";
import { logUncaughtErrors } from "../infra/log/log-uncaught.ts";
import { errorMessage } from "../infra/log/logger.ts";
import { formatLogLineForTerminal } from "../infra/terminal/format-log-line.ts";
import { printLine, progressModeHere } from "../infra/terminal/progress.ts";
import { createTerminalLogger } from "../infra/terminal/terminal-logger.ts";
import { redactUrlCredentials } from "../shared/text/redact-url-credentials.ts";
import { runMain } from "../infra/cli/command.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";
import { readSystemState } from "../infra/process/system-state.ts";
import { readTelemetrySigningKey } from "../shared/telemetry/index.ts";
import { bootstrapModel } from "./bootstrap-model.ts";
import { loadSystemConfig } from "./config.ts";
import { childEnvironment } from "./child-environment.ts";
import { runStep } from "./run-step.ts";
import { createRunningState } from "./running-state.ts";
import { scheduleProfilesSync } from "./schedule-profiles-sync.ts";
import { superviseEmbeddedDatabase } from "./supervise-embedded-database.ts";
import { superviseEmbeddedKafka } from "./supervise-embedded-kafka.ts";
import { type ProcessSpec, type SupervisedProcess, superviseProcess } from "./supervise-process.ts";
import { ensureTelemetrySigningKeyFile } from "./telemetry-signing-key-file.ts";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;
const log = createTerminalLogger("system");
logUncaughtErrors(log);
/** A line of the launcher's own, on stdout (above any progress bar). */
const say = (line: string) => printLine(line, "stdout");
/** A line a child wrote, named after it, on stderr; in words on a terminal. */
const readable = progressModeHere() === "bar";
const childLine = (name: string, line: string) => printLine(`[${name}] ${readable ? formatLogLineForTerminal(line) : line}`);

const command = {
  name: "npm start",
  summary: "The whole system on embedded defaults: database, Kafka, ingestion, a first model, workers, two routers, simulated traffic; all supervised.",
  usage: [""],
  examples: ["npm start", "SIMULATOR=off npm start"],
  flags: {},
  notes: ["Configured by the environment (system/config.ts); Ctrl-C stops everything it started, in reverse order."],
} as const;

/**
 * How long each kind of child gets to stop on SIGTERM before SIGKILL. The simulator and
 * ingestion bound their own stops at 2 s (Kafka may be dead); kcat ignores SIGTERM while
 * its stdin is open, and its in-memory cluster holds nothing a clean stop would save.
 */
const GRACE_MS = { simulator: 2500, router: 1500, worker: 1500, ingest: 2500, kafka: 100, database: 3000 } as const;

async function main() {
  const config = loadSystemConfig(process.env);
  const stateFile = resolve(ROOT, config.SYSTEM_STATE_FILE);
  const dataDir = dirname(stateFile);
  const running = readSystemState(stateFile);
  if (running) {
    console.error(`The system is already running (pid ${running.pid}); stop it first.`);
    process.exit(1);
  }
  const state = createRunningState(stateFile);
  const supervised: SupervisedProcess[] = [];
  // Whatever ends this process (a shutdown past its deadline, an uncaught error), no child outlives it.
  process.on("exit", () => supervised.forEach((child) => child.kill()));

  // Every part registers as it starts, so the shutdown stops them in reverse order; the state goes last.
  const shutdown = createShutdown({
    onStart: (reason) => {
      say(`\nstopping (${reason})…`);
      // From here a child that dies stays down: the steps below stop the rest in order.
      supervised.forEach((child) => child.retire());
    },
    onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
    onTimeout: (step) => log.warn("stop timed out; killing what is left", { step }),
    // Each child has its grace (GRACE_MS); this bounds the whole, and the exit hook kills the rest.
    timeoutMs: 15_000,
  });
  // Children have their own process groups, so a closed terminal reaches only this process.
  process.on("SIGHUP", () => void shutdown.stop("SIGHUP"));
  shutdown.add("state", () => {
    state.clear();
    say("stopped.");
  });
  const supervise = (spec: Omit<ProcessSpec, "onLine" | "onSpawn" | "cwd">) => {
    const child = superviseProcess({
      ...spec,
      cwd: ROOT,
      onLine: (line) => childLine(spec.name, line),
      onSpawn: (pid) => state.setProcess(spec.name, pid),
    }, log);
    supervised.push(child);
    return child;
  };

  try {
    say("starting the database…");
    let databaseUrl: string;
    let databaseNote = "";
    if (config.DATABASE_URL) {
      databaseUrl = config.DATABASE_URL;
    } else if (await isPortOpen(config.EMBEDDED_DATABASE_PORT)) {
      // Another launcher's embedded database holds the port (and the data directory): use it, leave it alone.
      databaseUrl = embeddedDatabaseUrl(config.EMBEDDED_DATABASE_PORT);
      databaseNote = "  (embedded PGlite started elsewhere: not supervised here)";
    } else {
      const database = superviseEmbeddedDatabase({
        port: config.EMBEDDED_DATABASE_PORT, dir: config.EMBEDDED_DATABASE_DIR, cwd: ROOT, log,
        onLine: (line) => childLine("database", line),
        onSpawn: (pid) => state.setProcess("database", pid),
      });
      supervised.push(database.process);
      shutdown.add("database server", () => database.process.stop(GRACE_MS.database));
      await database.process.ready(120_000);
      databaseUrl = database.url;
      databaseNote = `  (embedded PGlite, data in ${config.EMBEDDED_DATABASE_DIR}, supervised)`;
    }
    await migrateDatabase(databaseUrl);
    const db = connectDatabase(databaseUrl, { applicationName: "system", max: 2 });
    shutdown.add("database", () => db.close());

    say("starting Kafka…");
    const configured = configuredBrokers(config);
    let brokersFile: string | undefined;
    if (configured) {
      state.setKafkaBrokers(typeof configured.brokers === "function" ? await configured.brokers() : configured.brokers);
    } else {
      if (!hasKcat()) throw new Error("kcat is not installed: the embedded Kafka needs Debian's kcat (apt-get install kcat), or set KAFKA_BROKERS");
      const file = join(dataDir, "kafka-brokers");
      brokersFile = file;
      let started = false;
      const kafka = superviseEmbeddedKafka({
        topic: config.KAFKA_TOPIC, brokersFile: file, cwd: ROOT, log,
        onBrokers: (brokers) => {
          state.setKafkaBrokers(brokers);
          if (started) log.info("kafka restarted on new brokers: an empty cluster; its clients find it through the brokers file", { brokers, file });
          started = true;
        },
        onLine: (line) => childLine("kafka", line),
        onSpawn: (pid) => state.setProcess("kafka", pid),
      });
      supervised.push(kafka);
      shutdown.add("kafka", async () => {
        await kafka.stop(GRACE_MS.kafka);
        rmSync(file, { force: true }); // it would name a dead cluster's ports
      });
      await kafka.ready(30_000);
    }

    const adminToken = config.ADMIN_TOKEN ?? randomBytes(18).toString("base64url");
    // A key the environment names is checked here, so a bad one stops the start instead of crash-looping ingestion.
    const givenKey = readTelemetrySigningKey(config, (path) => readFileSync(path, "utf8"));
    const keyFile = givenKey === null
      ? ensureTelemetrySigningKeyFile(join(dataDir, "telemetry-signing.key")).path
      : config.TELEMETRY_SIGNING_KEY_FILE && resolve(config.TELEMETRY_SIGNING_KEY_FILE);
    const workerUrls = config.WORKER_PORTS.map((port) => `http://127.0.0.1:${port}`);
    // A function: every (re)start of a child reads the brokers Kafka has now.
    const env = (extra: Record<string, string> = {}) => () =>
      childEnvironment(process.env, {
        colour: Boolean(process.stdout.isTTY && process.stderr.isTTY),
        set: {
          DATABASE_URL: databaseUrl,
          ...(brokersFile ? { KAFKA_BROKERS: state.kafkaBrokers().join(","), KAFKA_BROKERS_FILE: brokersFile } : {}),
          KAFKA_TOPIC: config.KAFKA_TOPIC,
          SIMULATOR_USERS: String(config.SIMULATOR_USERS),
          SIMULATOR_MOVIES: String(config.SIMULATOR_MOVIES),
          // The children read the key from the file (or the variable the environment set).
          ...(keyFile ? { TELEMETRY_SIGNING_KEY_FILE: keyFile } : {}),
          ...extra,
        },
      });

    say("starting ingestion…");
    const ingest = supervise({ name: "ingest", command: BUN, args: ["ingest/main.ts"], env: env({
      INGEST_METRICS_HOST: "127.0.0.1",
      // A consumer that was killed holds its partitions until the group gives up on it: the
      // supervisor restarts ingestion at once, so its successor should wait seconds, not 30.
      INGEST_SESSION_TIMEOUT_MS: process.env.INGEST_SESSION_TIMEOUT_MS || "6000",
    }) });
    shutdown.add("ingest", () => ingest.stop(GRACE_MS.ingest));

    const model = await bootstrapModel({ sql: db.sql, root: ROOT, bun: BUN, env: env()(), warmupLines: config.SYSTEM_WARMUP_LINES, say, childLine });

    say("starting the workers and the routers…");
    const workers = config.WORKER_PORTS.map((port, i) =>
      supervise({
        name: `worker-${i + 1}`, command: BUN, args: ["workers/main.ts"],
        env: env({
          WORKER_PORT: String(port), WORKER_HOST: "127.0.0.1", WORKER_MODEL_VERSION: "production", WORKER_ADMIN_TOKEN: adminToken,
          // Where the worker remembers the artifact it served, to serve it again when the registry is unreachable.
          WORKER_STATE_DIR: join(dataDir, `worker-${port}`),
        }),
      })
    );
    shutdown.add("workers", () => Promise.all(workers.map((worker) => worker.stop(GRACE_MS.worker))));
    const deno = denoBinary();
    const routers = config.ROUTER_METRICS_PORTS.map((metricsPort, i) =>
      supervise({
        // --unstable-net: Deno gates reusePort, which lets the routers share ROUTER_PORT, behind it.
        name: `router-${i + 1}`, command: deno, args: ["run", "--allow-all", "--unstable-net", "router/main.ts"],
        env: env({
          ROUTER_PORT: String(config.ROUTER_PORT), ROUTER_HOST: "127.0.0.1", ROUTER_METRICS_PORT: String(metricsPort),
          ROUTER_STATE_DIR: join(dataDir, "router"), ROUTER_ADMIN_TOKEN: adminToken,
          ROUTER_SEED_POOL_URLS: workerUrls.join(","), ROUTER_SEED_MODEL_VERSION: model ?? "production",
        }),
      })
    );
    shutdown.add("routers", () => Promise.all(routers.map((router) => router.stop(GRACE_MS.router))));
    // The site's users come only once every router listens: a refused request is a failed one.
    for (const port of [config.ROUTER_PORT, ...config.ROUTER_METRICS_PORTS]) await waitForPort(port, 60_000);

    const syncsProfiles = config.SIMULATOR === "on" && config.SYSTEM_PROFILES_SYNC_MINUTES > 0;
    if (config.SIMULATOR === "on") {
      const simulator = supervise({
        name: "simulator", command: BUN, args: ["simulator/main.ts"],
        env: env({
          SIMULATOR_TARGET: `http://127.0.0.1:${config.ROUTER_PORT}`, SIMULATOR_RATE: String(config.SIMULATOR_RATE),
          SIMULATOR_SPEED: String(config.SIMULATOR_SPEED), SIMULATOR_API_PORT: String(config.SIMULATOR_API_PORT), SIMULATOR_API_HOST: "127.0.0.1",
        }),
      });
      shutdown.add("simulator", () => simulator.stop(GRACE_MS.simulator));
    }
    if (syncsProfiles) {
      const schedule = scheduleProfilesSync({
        ready: () => waitForPort(config.SIMULATOR_API_PORT, 60_000),
        sync: () => runStep(BUN, ["ingest/profiles/sync-profiles-main.ts"], {
          cwd: ROOT, env: env({ USER_API_URL: `http://127.0.0.1:${config.SIMULATOR_API_PORT}` })(),
          onLine: (line) => childLine("profiles", line),
        }),
        everyMs: config.SYSTEM_PROFILES_SYNC_MINUTES * 60_000,
        onSummary: (line) => childLine("profiles", line),
        log,
      });
      shutdown.add("profiles sync", () => schedule.stop());
    }

    state.publish({
      pid: process.pid, startedAt: new Date().toISOString(), databaseUrl, kafkaTopic: config.KAFKA_TOPIC, adminToken,
      ...(brokersFile ? { kafkaBrokersFile: brokersFile } : {}),
      ...(keyFile ? { telemetrySigningKeyFile: keyFile } : {}),
      routerPort: config.ROUTER_PORT, routerMetricsPorts: config.ROUTER_METRICS_PORTS, workerUrls,
      ...(config.SIMULATOR === "on" ? { simulatorApiPort: config.SIMULATOR_API_PORT } : {}),
    });
    say([
      "",
      "The recommendation platform is running (every process supervised: one that dies is restarted):",
      `  recommend  http://127.0.0.1:${config.ROUTER_PORT}/recommend/<userid>   (${routers.length} routers sharing the port; metrics at ${
        config.ROUTER_METRICS_PORTS.map((port) => `:${port}/metrics`).join(", ")
      })`,
      `  workers    ${workerUrls.join(", ")}   serving ${model ?? "(no model yet: the routers answer from their fallback list)"}`,
      // Credentials stay in the state file; the terminal (and whatever records it) gets the host.
      `  database   ${redactUrlCredentials(databaseUrl)}${databaseNote}`,
      `  kafka      ${state.kafkaBrokers().join(",")}  topic ${config.KAFKA_TOPIC}${
        brokersFile ? `  (embedded mock cluster, supervised; current brokers in ${brokersFile})` : ""
      }`,
      `  ingest     movielog → event store; router telemetry → telemetry_events, signed with ${
        keyFile ? `the key in ${keyFile}` : "TELEMETRY_SIGNING_KEY"
      }`,
      config.SIMULATOR === "on"
        ? `  simulator  ${config.SIMULATOR_USERS} users, ${config.SIMULATOR_RATE} requests/s; user and movie API on http://127.0.0.1:${config.SIMULATOR_API_PORT}`
        : "  simulator  off",
      ...(syncsProfiles ? [`  profiles   profiles:sync from the user API every ${config.SYSTEM_PROFILES_SYNC_MINUTES} min, for attribute targeting`] : []),
      `  admin      ${config.ADMIN_TOKEN ? "token from ADMIN_TOKEN" : `token in ${shownPath(stateFile)} (adminToken; readable by its owner only)`}`,
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
    log.error("start failed", { error: redactUrlCredentials(errorMessage(error)) });
    await shutdown.stop("start failed", 1);
  }
}

/** `path` relative to the working directory when it lies inside it (`.data/system.json`), else whole. */
function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
}

await runMain(command, async () => {
  await main();
  return "running" as const;
});
