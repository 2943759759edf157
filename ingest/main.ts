/**
 * `bun run ingest`: the ingestion process. Without flags it consumes the movielog
 * topic (KAFKA_BROKERS, or an embedded mock cluster it starts) into the event store,
 * and the router's telemetry topic (INGEST_TELEMETRY_TOPIC, unless `off`) into
 * telemetry_events, storing only events signed with TELEMETRY_SIGNING_KEY(_FILE)
 * (it refuses to start without a key unless telemetry is off), until stopped.
 * `--from-file <path> [--dry-run] [--json]` replays a movielog file instead. While
 * consuming it serves GET /metrics on INGEST_METRICS_PORT (unless `off`).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { readKafkaSasl } from "../infra/kafka/read-kafka-sasl.ts";
import { ensureKafka } from "../infra/kafka/ensure-kafka.ts";
import { createLogger, errorMessage, type Logger } from "../infra/log/logger.ts";
import { eventStoreOptions, loadIngestConfig, telemetrySigningKey } from "./config.ts";
import { startKafkaIngestor } from "./kafka-ingestor.ts";
import { createMemoryEventStore } from "./memory-event-store.ts";
import { createPostgresEventStore } from "./postgres-event-store.ts";
import { createPostgresTelemetryStore } from "./postgres-telemetry-store.ts";
import { replayFile } from "./replay-file.ts";
import type { IngestCounts } from "./ingest-counts.ts";
import { createIngestMetrics, instrumentEventStore, instrumentTelemetryStore } from "./ingest-metrics.ts";
import { startIngestMetricsServer } from "./ingest-metrics-server.ts";
import { startTelemetryIngestor } from "./telemetry-ingestor.ts";
import { eventTimeBounds } from "../shared/time/event-time-bounds.ts";

const USAGE = "usage: bun run ingest [--from-file <path> [--dry-run] [--json]]";
const log = createLogger("ingest");

function parseCli(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { "from-file": { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean" } },
      strict: true,
    });
    if (!values["from-file"] && (values["dry-run"] || values.json)) throw new Error("--dry-run and --json go with --from-file");
    return values;
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    process.exit(2);
  }
}

async function main() {
  const args = parseCli(process.argv.slice(2));
  if (args.help) return void console.log(USAGE);
  const config = loadIngestConfig(process.env);
  if (args["from-file"]) return await replay(args["from-file"], Boolean(args["dry-run"]), Boolean(args.json), config);
  await consume(config);
}

async function replay(path: string, dryRun: boolean, json: boolean, config: ReturnType<typeof loadIngestConfig>) {
  const options = { batchLines: config.INGEST_FILE_BATCH_LINES };
  let counts: IngestCounts;
  if (dryRun) {
    counts = await replayFile(path, createMemoryEventStore(eventStoreOptions(config)), options);
  } else {
    const server = await ensureDatabase(config, (l) => log.info(l));
    try {
      await migrateDatabase(server.url);
      const database = connectDatabase(server.url, { applicationName: "ingest-file" });
      const store = createPostgresEventStore(database.sql, eventStoreOptions(config));
      counts = await replayFile(path, store, options).finally(() => database.close());
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

async function consume(config: ReturnType<typeof loadIngestConfig>) {
  // Before anything starts: a missing key is a configuration error, not a runtime one.
  const telemetryKey = telemetrySigningKey(config, (path) => readFileSync(path, "utf8"));
  const server = await ensureDatabase(config, (l) => log.info(l));
  await migrateDatabase(server.url);
  const database = connectDatabase(server.url, { applicationName: "ingest" });
  const sasl = readKafkaSasl(config);
  const kafkaConnection = await ensureKafka(config.KAFKA_BROKERS, config.KAFKA_TOPIC);
  if (kafkaConnection.embedded) log.info("started the embedded Kafka peer (librdkafka mock cluster)", { brokers: kafkaConnection.brokers });
  const metrics = createIngestMetrics();
  const ingestor = await startKafkaIngestor({
    kafka: createKafka(kafkaConnection.brokers, `${config.KAFKA_CLIENT_ID}-ingest`, log, sasl),
    store: instrumentEventStore(createPostgresEventStore(database.sql, eventStoreOptions(config)), metrics, config.KAFKA_TOPIC),
    topic: config.KAFKA_TOPIC,
    groupId: config.INGEST_GROUP_ID,
    log,
    maxBackoffMs: config.INGEST_MAX_BACKOFF_MS,
    sessionTimeoutMs: config.INGEST_SESSION_TIMEOUT_MS,
    partitionsConcurrently: config.INGEST_PARTITIONS_CONCURRENTLY,
  });
  const telemetryTopic = config.INGEST_TELEMETRY_TOPIC;
  const telemetry = telemetryTopic === "off" || telemetryKey === null ? null : await startTelemetryIngestor({
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
  });
  const metricsPort = config.INGEST_METRICS_PORT;
  const metricsServer = metricsPort === "off" ? null : startMetricsOrWarn(log, () => startIngestMetricsServer({
    port: metricsPort,
    metrics,
    kafka: createKafka(kafkaConnection.brokers, `${config.KAFKA_CLIENT_ID}-ingest-metrics`, log, sasl),
    sql: database.sql,
    topics: [
      { topic: config.KAFKA_TOPIC, groupId: config.INGEST_GROUP_ID },
      ...(telemetryTopic === "off" ? [] : [{ topic: telemetryTopic, groupId: config.INGEST_TELEMETRY_GROUP_ID }]),
    ],
    streamTopic: config.KAFKA_TOPIC,
    conversionWindowMs: config.INGEST_CONVERSION_WINDOW_MS,
    log,
  }));
  const progress = setInterval(() => log.info("progress", { ...ingestor.totals(), telemetry: telemetry?.totals() ?? "off" }), 10_000);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    clearInterval(progress);
    await Promise.all([
      metricsServer?.stop().catch((e) => log.warn("metrics server stop failed", { error: errorMessage(e) })),
      ingestor.stop().catch((e) => log.warn("consumer stop failed", { error: errorMessage(e) })),
      telemetry?.stop().catch((e) => log.warn("telemetry consumer stop failed", { error: errorMessage(e) })),
    ]);
    await database.close();
    await kafkaConnection.stop();
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  log.error("ingest failed", { error: errorMessage(error) });
  process.exit(1);
});

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
