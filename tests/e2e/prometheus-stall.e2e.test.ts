/**
 * A real Prometheus (Debian's binary, on 127.0.0.1 with a temporary configuration)
 * scrapes a running router (router/main.ts, a Deno process), a worker (workers/main.ts,
 * serving a tiny artifact) and ingestion, with the checked-in alert rules loaded; one
 * partition is held still on purpose, by an event store that refuses that partition's
 * batches. The targets are up, their series arrive, the stalled-partition record names
 * exactly the held partition, IngestPartitionStalled fires for it, and the router's
 * /status.json shows the same partition stalled, from what ingestion recorded.
 *
 * Ingestion runs in this process, assembled from its own parts as `bun run ingest` does
 * (consumer, instrumented store, metrics server, partition status recorder), because only
 * here can a store be made to refuse. The rules and the recorder run on a clock 30 times
 * faster: every duration of alerts.yml (ranges, offsets, `for`) and the stall window are
 * divided by 30, so the five-minute definition is judged in ten seconds. promtool's unit
 * tests (ops/prometheus/tests) hold the rules at their real durations.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { z } from "zod";
import type { EventStore } from "../../ingest/event-store.ts";
import { createIngestMetrics, instrumentEventStore } from "../../ingest/ingest-metrics.ts";
import { type IngestMetricsServer, startIngestMetricsServer } from "../../ingest/ingest-metrics-server.ts";
import { type KafkaIngestor, startKafkaIngestor } from "../../ingest/kafka-ingestor.ts";
import { type PartitionStatusRecorder, startPartitionStatusRecorder } from "../../ingest/partition-status-recorder.ts";
import { createPostgresEventStore } from "../../ingest/postgres-event-store.ts";
import { createTopicOffsetsReader } from "../../ingest/topic-offsets-reader.ts";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { PARTITION_STALL_WINDOW_MS, PARTITION_STALLED_RECORD } from "../../measurement/partition-stall.ts";
import { StatusDocument } from "../../router/status/status-document.ts";
import { writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";
import { freePort } from "../support/free-port.ts";
import { type KafkaAndDatabase, startKafkaAndDatabase } from "../support/kafka-and-database.ts";
import { type RunningPrometheus, startPrometheus } from "../support/start-prometheus.ts";
import { waitFor } from "../support/wait-for.ts";

const ROOT = join(import.meta.dir, "../..");
// The real binary: node_modules/.bin/deno is a Node wrapper that would not pass signals on.
const DENO: string = createRequire(join(ROOT, "package.json"))("deno/install_api.cjs").runInstall();
const TOPIC = "movielog";
const GROUP = "movielog-ingest";
/** The partition whose batches the store refuses. */
const HELD = 1;
/** How much faster than real time the rules and the stall window run here. */
const SCALE = 30;
const MODEL = "circle-e2e";

const log = createLogger("e2e", () => {});
const dir = mkdtempSync(join(tmpdir(), "prometheus-stall-"));
let peers: KafkaAndDatabase;
let ingestor: KafkaIngestor | undefined;
let metricsServer: IngestMetricsServer | undefined;
let recorder: PartitionStatusRecorder | undefined;
let worker: ReturnType<typeof Bun.spawn> | undefined;
let router: ReturnType<typeof Bun.spawn> | undefined;
let prometheus: RunningPrometheus | undefined;
let routerUrl: string;

const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** `duration` (a Prometheus duration such as `5m`) divided by `scale`, in milliseconds (`10000ms`). */
function scaledDuration(duration: string, scale: number): string {
  const match = DURATION.exec(duration);
  if (!match) throw new Error(`Cannot scale the duration ${JSON.stringify(duration)}`);
  return `${Math.round((Number(match[1]) * DURATION_UNITS[match[2] as keyof typeof DURATION_UNITS]) / scale)}ms`;
}

const Rules = z.object({
  groups: z.array(z.looseObject({ rules: z.array(z.looseObject({ expr: z.string(), for: z.string().optional() })) })),
});

/** alerts.yml with every range, offset and `for` divided by `scale`. */
function scaledRules(text: string, scale: number): string {
  const rules = Rules.parse(parse(text));
  const scaleExpr = (expr: string) =>
    expr.replace(/\[(\d+(?:ms|s|m|h|d))\]/g, (_, d: string) => `[${scaledDuration(d, scale)}]`)
      .replace(/\boffset (\d+(?:ms|s|m|h|d))\b/g, (_, d: string) => `offset ${scaledDuration(d, scale)}`);
  for (const group of rules.groups) {
    for (const rule of group.rules) {
      rule.expr = scaleExpr(rule.expr);
      if (rule.for !== undefined) rule.for = scaledDuration(rule.for, scale);
    }
  }
  return stringify(rules);
}

/** `store`, refusing every batch of `partition` as a store whose database rejects them would. */
function refusingPartition(store: EventStore, partition: number): EventStore {
  return {
    checkpoints: (key) => store.checkpoints(key),
    applyBatch(batch) {
      if (batch.checkpoint?.partition === partition) return Promise.reject(new Error(`partition ${partition} refused on purpose`));
      return store.applyBatch(batch);
    },
  };
}

beforeAll(async () => {
  peers = await startKafkaAndDatabase(TOPIC);
  // Every partition gets messages: bad lines, which ingestion quarantines and moves past.
  for (const partition of [0, 1, 2, 3]) {
    await peers.produceToPartition(TOPIC, [`not a line ${partition}a`, `not a line ${partition}b`, `not a line ${partition}c`], partition);
  }
  const { sql } = peers.database;
  const metrics = createIngestMetrics();
  const topics = [{ topic: TOPIC, groupId: GROUP }];
  ingestor = await startKafkaIngestor({
    kafka: createKafka(peers.cluster.brokers, "e2e-ingest", log),
    store: instrumentEventStore(refusingPartition(createPostgresEventStore(sql, { lateToleranceMs: 60_000 }), HELD), metrics, TOPIC),
    topic: TOPIC,
    groupId: GROUP,
    log,
    maxBackoffMs: 500,
    sessionTimeoutMs: 6000,
  });
  metricsServer = startIngestMetricsServer({
    port: 0,
    hostname: "127.0.0.1",
    metrics,
    kafka: createKafka(peers.cluster.brokers, "e2e-ingest-metrics", log),
    sql,
    topics,
    log,
    intervalMs: 500,
    streamTopic: TOPIC,
  });
  recorder = startPartitionStatusRecorder({
    sql,
    offsets: createTopicOffsetsReader(createKafka(peers.cluster.brokers, "e2e-ingest-status", log)),
    topics,
    log,
    intervalMs: 500,
    stallWindowMs: PARTITION_STALL_WINDOW_MS / SCALE,
  });

  const workerPort = await freePort();
  worker = Bun.spawn([process.execPath, join(ROOT, "workers/main.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: peers.testDb.url,
      WORKER_PORT: String(workerPort),
      WORKER_HOST: "127.0.0.1",
      WORKER_MODEL_PATH: await writeCircleArtifact(dir, MODEL, "A"),
      WORKER_STATE_DIR: join(dir, "worker-state"),
    },
    stdout: "ignore",
    stderr: "ignore",
  });
  const routerPort = await freePort();
  const routerMetricsPort = await freePort();
  routerUrl = `http://127.0.0.1:${routerPort}`;
  router = Bun.spawn([DENO, "run", "--allow-all", join(ROOT, "router/main.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: peers.testDb.url,
      KAFKA_BROKERS: "",
      ROUTER_PORT: String(routerPort),
      ROUTER_HOST: "127.0.0.1",
      ROUTER_METRICS_PORT: String(routerMetricsPort),
      ROUTER_STATE_DIR: join(dir, "router-state"),
      ROUTER_SEED_POOL_URLS: `http://127.0.0.1:${workerPort}`,
      ROUTER_SEED_MODEL_VERSION: MODEL,
      ROUTER_HEALTH_INTERVAL_MS: "200",
    },
    stdout: "ignore",
    stderr: "ignore",
  });

  const rules = join(dir, "alerts.yml");
  writeFileSync(rules, scaledRules(readFileSync(join(ROOT, "ops/prometheus/alerts.yml"), "utf8"), SCALE));
  prometheus = await startPrometheus({
    jobs: [
      { job: "ingest", targets: [`127.0.0.1:${metricsServer.port}`] },
      { job: "router", targets: [`127.0.0.1:${routerMetricsPort}`] },
      { job: "worker", targets: [`127.0.0.1:${workerPort}`] },
    ],
    ruleFiles: [rules],
  });
  // Traffic through the router to the worker, so both count requests.
  await waitFor("the router to answer from the worker's model", async () => {
    const response = await fetch(`${routerUrl}/recommend/10`);
    await response.text();
    return response.status === 200 && response.headers.get("x-model-version") === MODEL;
  }, 60_000, 200);
  for (let user = 1; user <= 20; user++) await (await fetch(`${routerUrl}/recommend/${user}`)).text();
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  router?.kill("SIGKILL");
  worker?.kill("SIGKILL");
  await Promise.all([router?.exited, worker?.exited]);
  await recorder?.stop();
  await metricsServer?.stop();
  await ingestor?.stop();
  await peers?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const Targets = z.object({ activeTargets: z.array(z.object({ labels: z.record(z.string(), z.string()), health: z.string() })) });
const Vector = z.object({
  resultType: z.literal("vector"),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
});
const Alerts = z.object({ alerts: z.array(z.object({ labels: z.record(z.string(), z.string()), state: z.string() })) });

const query = async (expr: string) => Vector.parse(await prometheus!.api(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result;

test("scaledRules() divides ranges, offsets and `for` and leaves the rest of an expression alone", () => {
  const text = stringify({ groups: [{ name: "g", rules: [{ alert: "A", expr: "rate(x[10m]) > 1 and y offset 1d > 0", for: "30m" }] }] });
  expect(parse(scaledRules(text, SCALE))).toEqual({
    groups: [{ name: "g", rules: [{ alert: "A", expr: "rate(x[20000ms]) > 1 and y offset 2880000ms > 0", for: "60000ms" }] }],
  });
});

test("Prometheus scrapes the router, the worker and ingestion: every target is up and its series arrive", async () => {
  await waitFor("every target's first good scrape", async () => {
    const { activeTargets } = Targets.parse(await prometheus!.api("/api/v1/targets"));
    return activeTargets.length === 3 && activeTargets.every((t) => t.health === "up");
  }, 30_000, 250);
  const jobsOf = async (expr: string) => [...new Set((await query(expr)).map((s) => s.metric.job))];
  await waitFor("the router's and the worker's request counts", async () =>
    (await jobsOf("router_requests_total")).includes("router") && (await jobsOf("worker_requests_total")).includes("worker"), 30_000, 250);
  const lag = await waitFor("ingestion's lag of every partition", async () => {
    const series = await query(`ingest_consumer_lag{topic="${TOPIC}"}`);
    return series.length === 4 ? series : null;
  }, 30_000, 250);
  expect(lag.map((s) => s.metric.job)).toEqual(["ingest", "ingest", "ingest", "ingest"]);
  expect((await query("worker_model_info")).map((s) => s.metric.version)).toEqual([MODEL]);
}, 60_000);

test("the partition held still is recorded stalled, IngestPartitionStalled fires for it alone, and /status.json shows it stalled", async () => {
  const firing = await waitFor("IngestPartitionStalled to fire", async () => {
    const { alerts } = Alerts.parse(await prometheus!.api("/api/v1/alerts"));
    const stalled = alerts.filter((a) => a.labels.alertname === "IngestPartitionStalled" && a.state === "firing");
    return stalled.length > 0 ? stalled : null;
  }, 90_000, 500);
  expect(firing.map((a) => [a.labels.topic, a.labels.partition, a.labels.severity])).toEqual([[TOPIC, String(HELD), "page"]]);
  // The record names the held partition alone, with its lag: three messages never applied.
  expect((await query(PARTITION_STALLED_RECORD)).map((s) => [s.metric.partition, s.value[1]])).toEqual([[String(HELD), "3"]]);

  // The status page reads what ingestion recorded; its cache reads the database every 15 s.
  const document = await waitFor("/status.json to show the stall", async () => {
    const parsed = StatusDocument.parse(await (await fetch(`${routerUrl}/status.json`)).json());
    return parsed.data_path?.partitions.some((p) => p.stalled) ? parsed : null;
  }, 60_000, 1000);
  expect(document.data_path?.partitions.map((p) => [p.topic, p.partition, p.state, p.lag_messages])).toEqual([
    [TOPIC, 0, "caught_up", 0],
    [TOPIC, 1, "stalled", 3],
    [TOPIC, 2, "caught_up", 0],
    [TOPIC, 3, "caught_up", 0],
  ]);
  expect(document.data_path?.partitions[HELD].next_offset).toBe(null);
  expect(document.data_path?.quarantine.by_reason.reduce((n, r) => n + r.count, 0)).toBe(9);
  const html = await (await fetch(`${routerUrl}/status`)).text();
  expect(html).toContain(`<tr class="partition stalled" data-topic="${TOPIC}" data-partition="${HELD}" data-state="stalled" data-lag="3">`);
}, 150_000);
