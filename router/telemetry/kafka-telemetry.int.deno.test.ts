import assert from "node:assert/strict";
import { Kafka, logLevel } from "kafkajs";
import { startMockKafkaCluster } from "../../infra/kafka/mock-cluster.ts";
import {
  createTelemetrySigner,
  createTelemetryVerifier,
  parseTelemetryEvent,
  type TelemetryEvent,
} from "../../shared/telemetry/index.ts";
import { captureLogger } from "../testing/capture-logger.ts";
import { TEST_TELEMETRY_SIGNING_KEY } from "../testing/sample-telemetry-event.ts";
import { startFakeWorker } from "../testing/fake-worker.ts";
import { poolRules } from "../testing/sample-rules.ts";
import { testRouterApp } from "../testing/test-router-app.ts";
import { createKafkaTelemetrySink } from "./kafka-telemetry-sink.ts";
import { createTelemetryShipper, type TelemetryShipper } from "./telemetry-shipper.ts";

const integration = { sanitizeOps: false, sanitizeResources: false };
const TOPIC = "telemetry";

/** A router app over one fake worker whose telemetry goes to Kafka at `brokers`. */
function appWithKafka(workerUrl: string, brokers: string[], capacity: number) {
  const late: { shipper?: TelemetryShipper } = {};
  const router = testRouterApp({
    rules: poolRules([workerUrl]),
    telemetry: { record: (event) => late.shipper?.record(event) },
  });
  const shipper = createTelemetryShipper({
    sink: createKafkaTelemetrySink({ brokers, topic: TOPIC, clientId: "router-test" }),
    sign: createTelemetrySigner(TEST_TELEMETRY_SIGNING_KEY),
    capacity,
    batchSize: 100,
    maxBackoffMs: 1000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log: captureLogger(),
    onSent: (n) => router.metrics.telemetrySent.inc(n),
    onDropped: (reason, n) => router.metrics.telemetryDropped.inc({ reason }, n),
  });
  late.shipper = shipper;
  return { ...router, shipper };
}

/** Every message on the topic until `count` were read, parsed as telemetry events. */
async function readBack(brokers: string[], count: number): Promise<TelemetryEvent[]> {
  const kafka = new Kafka({ brokers, clientId: "telemetry-reader", logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${crypto.randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  const events: TelemetryEvent[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${events.length} of ${count}`)),
        20_000,
      );
      void consumer.run({
        eachMessage: ({ message }) => {
          const parsed = parseTelemetryEvent(message.value?.toString() ?? "");
          if (!parsed.ok) throw new Error(parsed.reason);
          events.push(parsed.event);
          if (events.length >= count) (clearTimeout(timer), resolve());
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return events;
}

Deno.test({
  name: "telemetry events reach the Kafka topic signed and read back as TelemetryEvent",
  ...integration,
}, async () => {
  const cluster = await startMockKafkaCluster({ topic: TOPIC });
  const worker = startFakeWorker({ body: "heat+1995,akira+1988", modelVersion: "als-9" });
  const { app, shipper } = appWithKafka(worker.url, cluster.brokers, 1000);
  try {
    const paths = ["/recommend/1", "/recommend/2", "/recommend/3", "/recommend/x"];
    for (const [i, path] of paths.entries()) {
      await (await app.request(path, { headers: { "X-Request-Id": `r${i}` } })).text();
    }
    await shipper.flush();
    const events = await readBack(cluster.brokers, paths.length);
    // The caller's ids travel apart from the router's own (the test app's is always req-1).
    const byId = new Map(events.map((e) => [e.clientRequestId, e]));
    assert.deepEqual([...byId.keys()].sort(), ["r0", "r1", "r2", "r3"]);
    assert.ok(events.every((e) => e.requestId === "req-1"));
    const verify = createTelemetryVerifier(TEST_TELEMETRY_SIGNING_KEY);
    assert.deepEqual(events.map(verify), ["signed", "signed", "signed", "signed"]);
    assert.deepEqual(
      ["r0", "r1", "r2"].map((id) => [byId.get(id)?.userId, byId.get(id)?.modelVersion]),
      [[1, "als-9"], [2, "als-9"], [3, "als-9"]],
    );
    assert.deepEqual(byId.get("r0")?.items, ["heat+1995", "akira+1988"]);
    assert.equal(byId.get("r3")?.status, 400);
    const text = await (await app.request("/metrics")).text();
    assert.match(text, /^router_telemetry_sent_total 4$/m);
  } finally {
    await shipper.stop(1000);
    await worker.close();
    await cluster.stop();
  }
});

Deno.test({
  name: "a Kafka broker that accepts and never answers does not slow answers",
  ...integration,
}, async () => {
  const blackHole = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  void (async () => {
    for await (const conn of blackHole) held.push(conn);
  })();
  const worker = startFakeWorker({ body: "heat+1995" });
  /** Median, 95th percentile and worst latency of 300 sequential requests. */
  const latencies = async (app: ReturnType<typeof testRouterApp>["app"]) => {
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      const response = await app.request(`/recommend/${i}`);
      assert.equal(await response.text(), "heat+1995");
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { p50: times[150], p95: times[285], max: times[299] };
  };
  const dead = appWithKafka(worker.url, [`127.0.0.1:${blackHole.addr.port}`], 20);
  try {
    const baseline = await latencies(testRouterApp({ rules: poolRules([worker.url]) }).app);
    const withDeadKafka = await latencies(dead.app);
    const shown = JSON.stringify({ baseline, withDeadKafka });
    // A shipper that waited on Kafka would add its 1 s connection timeout to answers; the
    // bounds stay far from the figures so a busy machine does not fail them (speed is bench:serve's).
    assert.ok(withDeadKafka.p50 <= baseline.p50 + 100, shown);
    assert.ok(withDeadKafka.p95 < 1000, shown);
    const text = await (await dead.app.request("/metrics")).text();
    assert.match(text, /^router_telemetry_sent_total 0$/m);
    const dropped = Number(
      text.match(/^router_telemetry_dropped_total\{reason="buffer_full"\} (\d+)$/m)?.[1],
    );
    assert.ok(dropped >= 250, `dropped ${dropped}`);
  } finally {
    await dead.shipper.stop(100);
    blackHole.close();
    held.forEach((conn) => conn.close());
    await worker.close();
  }
});
