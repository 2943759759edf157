/**
 * `bun run ingest`: the ingestion process. Without flags it consumes the movielog
 * topic (KAFKA_BROKERS, or an embedded mock cluster it starts) into the event store,
 * and the router's telemetry topic (INGEST_TELEMETRY_TOPIC, unless `off`) into
 * telemetry_events, storing only events signed with TELEMETRY_SIGNING_KEY(_FILE)
 * (it refuses to start without a key unless telemetry is off), until stopped.
 * `--from-file <path> [--dry-run] [--json]` replays a movielog file instead, with its
 * progress as a bar on a terminal (JSON log lines with --json or off one). While
 * consuming it serves GET /metrics on INGEST_METRICS_HOST:INGEST_METRICS_PORT (unless `off`).
 *
 * It starts without its dependencies: it waits for the database (one log line) and for
 * Kafka. With KAFKA_BROKERS_FILE (npm start's embedded Kafka, which comes back on new
 * ports as a new, empty cluster) it reads the brokers once and exits when the file names
 * new ones, for its supervisor to start it again: its position is stored per cluster, and
 * a fresh process is the one way to be sure no batch of the new cluster is filed under
 * the old one. Its checkpoints in the database make the restart exactly-once.
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { z } from "zod";
import { runMain, usageError } from "../infra/cli/command.ts";
import { exitCode } from "../infra/cli/exit-codes.ts";
import { isDatabaseUnavailable } from "../infra/db/database-refusal.ts";
import { readBrokersFile, watchBrokersFile } from "../infra/kafka/kafka-brokers-file.ts";
import { logUncaughtErrors } from "../infra/log/log-uncaught.ts";
import { backoffDelay } from "../shared/retry/backoff-delay.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { readKafkaSasl } from "../infra/kafka/read-kafka-sasl.ts";
import { ensureKafka } from "../infra/kafka/ensure-kafka.ts";
import { createLogger, errorMessage, type Logger } from "../infra/log/logger.ts";
import { createProgress } from "../infra/terminal/progress.ts";
import { BYTES } from "../infra/terminal/format-progress-text.ts";
import { eventStoreOptions, loadIngestConfig, telemetrySigningKey } from "./config.ts";
import { startKafkaIngestor } from "./kafka-ingestor.ts";
import { startPartitionStatusRecorder } from "./partition-status-recorder.ts";
import { createTopicOffsetsReader } from "./topic-offsets-reader.ts";
import { createMemoryEventStore } from "./memory-event-store.ts";
import { createPostgresEventStore } from "./postgres-event-store.ts";
import { createPostgresTelemetryStore } from "./postgres-telemetry-store.ts";
import { replayFile } from "./replay-file.ts";
import type { IngestCounts } from "./ingest-counts.ts";
import { createIngestMetrics, instrumentEventStore, instrumentTelemetryStore } from "./ingest-metrics.ts";
import { startIngestMetricsServer } from "./ingest-metrics-server.ts";
import { startTelemetryIngestor } from "./telemetry-ingestor.ts";
import { eventTimeBounds } from "../shared/time/event-time-bounds.ts";

const log = createLogger("ingest");
logUncaughtErrors(log);

const command = {
  name: "bun run ingest",
  summary: "Consumes the movielog and telemetry topics into the event store until stopped, or replays a movielog file.",
  usage: ["[--from-file <path> [--dry-run] [--json]]"],
  examples: ["bun run ingest", "bun run ingest --from-file movielog.log --dry-run --json"],
  flags: {
    "from-file": z.string().min(1).optional().describe("replay this movielog file instead of consuming Kafka"),
    "dry-run": z.boolean().default(false).describe("with --from-file: parse and count, write nothing"),
  },
  json: true,
  notes: ["Configured by the environment (ingest/config.ts); consuming runs until SIGINT/SIGTERM."],
} as const;

await runMain(command, async (args) => {
  if (!args["from-file"] && (args["dry-run"] || args.json)) throw usageError(command, "--dry-run and --json go with --from-file");
  const config = loadIngestConfig(process.env);
  if (args["from-file"]) {
    await replay(args["from-file"], args["dry-run"], args.json, config);
    return "ok" as const;
  }
  await consume(config);
  return "running" as const;
}, (error) => log.error("ingest failed", { error: errorMessage(error) }));

async function replay(path: string, dryRun: boolean, json: boolean, config: ReturnType<typeof loadIngestConfig>) {
  // Progress in bytes of the file, which is known up front (its lines are not).
  const replayWithProgress = async (store: Parameters<typeof replayFile>[1]) => {
    const progress = createProgress({ label: `ingest ${basename(path)}`, total: statSync(path).size, unit: BYTES }, { json, log });
    try {
      return await replayFile(path, store, {
        batchLines: config.INGEST_FILE_BATCH_LINES,
        onProgress: (read) => progress.update(read.bytes, { lines: read.lines }),
      });
    } finally {
      progress.done();
    }
  };
  let counts: IngestCounts;
  if (dryRun) {
    counts = await replayWithProgress(createMemoryEventStore(eventStoreOptions(config)));
  } else {
    const server = await ensureDatabase(config, (l) => log.info(l));
    try {
      await migrateDatabase(server.url);
      const database = connectDatabase(server.url, { applicationName: "ingest-file" });
      const store = createPostgresEventStore(database.sql, eventStoreOptions(config));
      counts = await replayWithProgress(store).finally(() => database.close());
    } finally {
      await server.stop();
    }
  }
  if (json) console.log(JSON.stringify(counts));
  else console.log(formatCounts(path, counts, dryRun));
}

function formatCounts(path: string, c: IngestCounts, dryRun: boolean): string {
  const rejected = Object.entries(c.rejected).map(([r, n]) => `${r}=${n}`).join(", ") || "none";
  return [
    `${dryRun ? "dry run (nothing written)" : "replayed"}: ${path}`,
    `  lines       ${c.lines}`,
    `  accepted    watch=${c.accepted.watch} rate=${c.accepted.rate} recommendation=${c.accepted.recommendation}`,
    `  rejected    ${rejected}`,
    `  duplicates  ${c.duplicates}`,
  ].join("\n");
}

/** How long the consumers may take to stop once their cluster is gone (a batch's commit, not a group's goodbye). */
const KAFKA_GONE_STOP_MS = 300;

async function consume(config: ReturnType<typeof loadIngestConfig>) {
  // Before anything starts: a missing key is a configuration error, not a runtime one.
  const telemetryKey = telemetrySigningKey(config, (path) => readFileSync(path, "utf8"));
  // Registered as each part starts; stopped in reverse: the consumers first, then the database and Kafka.
  // Bounded: a consumer that cannot leave its group (Kafka gone) must not hold the process.
  const shutdown = createShutdown({
    onStart: (signal) => log.info("stopping", { signal }),
    onStepError: (step, error) => log.warn(`${step} stop failed`, { error: errorMessage(error) }),
    onTimeout: (step) => log.warn("stop timed out; exiting", { step }),
    timeoutMs: 2000,
  });
  // Set when the cluster this process consumes is gone for good (a new one took its place).
  let kafkaGone = false;
  const server = await ensureDatabase(config, (l) => log.info(l));
  shutdown.add("database server", () => server.stop());
  await migrateWhenReachable(server.url, config.INGEST_MAX_BACKOFF_MS);
  const database = connectDatabase(server.url, { applicationName: "ingest" });
  const sasl = readKafkaSasl(config);
  const kafkaConnection = config.KAFKA_BROKERS_FILE
    ? await followBrokersFile(config.KAFKA_BROKERS_FILE, (reason) => {
      kafkaGone = true;
      void shutdown.stop(reason, exitCode("incomplete"));
    })
    : await ensureKafka(config, config.KAFKA_TOPIC);
  shutdown.add("kafka", () => kafkaConnection.stop());
  shutdown.add("database", () => database.close());
  if (kafkaConnection.embedded) log.info("started the embedded Kafka peer (librdkafka mock cluster)", { brokers: kafkaConnection.described });
  const metrics = createIngestMetrics();
  // Both consumers join their groups side by side: a group's first join waits out the
  // coordinator's initial rebalance delay (3 s on the embedded cluster), so joining one
  // after the other doubled the time before telemetry flowed again after a restart.
  const telemetryTopic = config.INGEST_TELEMETRY_TOPIC;
  const [ingestor, telemetry] = await Promise.all([startKafkaIngestor({
    kafka: createKafka(kafkaConnection.brokers, `${config.KAFKA_CLIENT_ID}-ingest`, log, sasl),
    store: instrumentEventStore(createPostgresEventStore(database.sql, eventStoreOptions(config)), metrics, config.KAFKA_TOPIC),
    topic: config.KAFKA_TOPIC,
    groupId: config.INGEST_GROUP_ID,
    log,
    maxBackoffMs: config.INGEST_MAX_BACKOFF_MS,
    sessionTimeoutMs: config.INGEST_SESSION_TIMEOUT_MS,
    partitionsConcurrently: config.INGEST_PARTITIONS_CONCURRENTLY,
    onFatal: () => void shutdown.stop("a consumer stopped for good", exitCode("error")),
  }), telemetryTopic === "off" || telemetryKey === null ? null : startTelemetryIngestor({
    kafka: createKafka(kafkaConnection.brokers, `${config.KAFKA_CLIENT_ID}-telemetry-ingest`, log, sasl),
    store: instrumentTelemetryStore(
      createPostgresTelemetryStore(database.sql, { signingKey: telemetryKey, timeBounds: eventTimeBounds(config), now: Date.now }),
      metrics,
      telemetryTopic,
    ),
    topic: telemetryTopic,
    groupId: config.INGEST_TELEMETRY_GROUP_ID,
    log,
    maxBackoffMs: config.INGEST_MAX_BACKOFF_MS,
    sessionTimeoutMs: config.INGEST_SESSION_TIMEOUT_MS,
    partitionsConcurrently: config.INGEST_PARTITIONS_CONCURRENTLY,
    onFatal: () => void shutdown.stop("a consumer stopped for good", exitCode("error")),
  })]);
  // The topics whose lag and progress are measured: by the metrics server, and by the
  // recorder that keeps each partition's state where the status page reads it.
  const laggedTopics = [
    { topic: config.KAFKA_TOPIC, groupId: config.INGEST_GROUP_ID },
    ...(telemetryTopic === "off" ? [] : [{ topic: telemetryTopic, groupId: config.INGEST_TELEMETRY_GROUP_ID }]),
  ];
  const partitionStatus = startPartitionStatusRecorder({
    sql: database.sql,
    offsets: createTopicOffsetsReader(createKafka(kafkaConnection.brokers, `${config.KAFKA_CLIENT_ID}-ingest-status`, log, sasl)),
    topics: laggedTopics,
    log,
  });
  const metricsPort = config.INGEST_METRICS_PORT;
  const metricsServer = metricsPort === "off" ? null : startMetricsOrWarn(log, () => startIngestMetricsServer({
    port: metricsPort,
    hostname: config.INGEST_METRICS_HOST,
    metrics,
    kafka: createKafka(kafkaConnection.brokers, `${config.KAFKA_CLIENT_ID}-ingest-metrics`, log, sasl),
    sql: database.sql,
    topics: laggedTopics,
    streamTopic: config.KAFKA_TOPIC,
    conversionWindowMs: config.INGEST_CONVERSION_WINDOW_MS,
    log,
  }));
  shutdown.add("consumers", () => {
    const stopped = Promise.all([
      metricsServer?.stop().catch((e) => log.warn("metrics server stop failed", { error: errorMessage(e) })),
      ingestor.stop().catch((e) => log.warn("consumer stop failed", { error: errorMessage(e) })),
      telemetry?.stop().catch((e) => log.warn("telemetry consumer stop failed", { error: errorMessage(e) })),
      partitionStatus.stop().catch((e) => log.warn("partition status recorder stop failed", { error: errorMessage(e) })),
    ]);
    // Leaving the group of a dead cluster only waits for connection timeouts. The store's
    // checkpoints are the position, and a batch cut off mid-transaction is rolled back and
    // applied again from them, so a batch in flight gets a moment to finish and no more.
    return kafkaGone ? Promise.race([stopped, new Promise((r) => setTimeout(r, KAFKA_GONE_STOP_MS))]) : stopped;
  });
  const progress = setInterval(() => log.info("progress", { ...ingestor.totals(), telemetry: telemetry?.totals() ?? "off" }), 10_000);
  shutdown.add("progress log", () => clearInterval(progress));
}

/**
 * Applies the migrations once the database answers: a start while it is down (restarting,
 * say) logs one line and waits, instead of exiting into a crash loop.
 */
async function migrateWhenReachable(url: string, maxBackoffMs: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await migrateDatabase(url);
      if (attempt > 0) log.info("the database answers; starting");
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (attempt === 0) log.warn("the database is unreachable; waiting for it", { error: errorMessage(error) });
      await new Promise((r) => setTimeout(r, backoffDelay(attempt, maxBackoffMs, 250)));
    }
  }
}

/**
 * The brokers KAFKA_BROKERS_FILE names now (waiting for the file if it is not there yet),
 * fixed for this process's life, and a watch that calls `exit` once the file names others:
 * a new embedded cluster, whose offsets start over (see the file's header).
 */
async function followBrokersFile(file: string, exit: (reason: string) => void) {
  let brokers: string[] | null = null;
  for (let attempt = 0; brokers === null; attempt++) {
    try {
      brokers = readBrokersFile(file);
    } catch (error) {
      if (attempt === 0) log.warn("no Kafka brokers yet; waiting for the file", { error: errorMessage(error) });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const stopWatching = watchBrokersFile(file, brokers, (moved) => {
    log.info("Kafka moved to new brokers, a new cluster: exiting so that ingestion restarts on it from that cluster's checkpoints", {
      from: brokers, to: moved,
    });
    exit("kafka moved");
  });
  return { brokers, described: brokers.join(","), embedded: false, stop: () => Promise.resolve(stopWatching()) };
}

/**
 * Ingestion must go on without its metrics: a port already taken (another ingest
 * process on this machine) costs the scrape target, not the data.
 */
function startMetricsOrWarn<T>(log: Logger, start: () => T): T | null {
  try {
    return start();
  } catch (error) {
    log.warn("metrics server not started; ingesting without it", { error: errorMessage(error) });
    return null;
  }
}
