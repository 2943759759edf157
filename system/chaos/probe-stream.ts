/**
 * The drill's own probe lines: movielog recommendation lines, as a site's client logs
 * an answer, written to the stream at a steady rate with ids the drill can find again
 * in the event store. Each probe has its own user id (from PROBE_USER_BASE up) and
 * the drill's server name, so the store's key of a recommendation (user, time, server)
 * names exactly one probe. What Kafka acknowledged is remembered with the cluster,
 * partition and offset it landed at; a send that fails or hangs is dropped (it may or
 * may not be in Kafka, and it is not counted either way) and the producer reconnects
 * to the brokers the state file names now.
 */
import { type Kafka, Partitioners, type Producer } from "kafkajs";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import type { Logger } from "../../infra/log/logger.ts";
import { formatLine } from "../../shared/movielog/format-line.ts";
import { withTimeout } from "./with-timeout.ts";

/** Probe user ids start here: far above any simulated user, below the largest id the platform accepts. */
export const PROBE_USER_BASE = 2_000_000_000;

/** A probe Kafka acknowledged. */
export type SentProbe = { readonly userId: number; readonly clusterId: string; readonly partition: number; readonly offset: number };

export type ProbeStream = {
  /** The server name every probe line carries. */
  readonly server: string;
  sent(): readonly SentProbe[];
  stop(): Promise<void>;
};

type Connection = { readonly key: string; readonly clusterId: string; readonly producer: Producer };

/** Writes a probe every `everyMs` to `topic` until stopped; `items` gives the movie ids to log (none yet: no probe). */
export function startProbeStream(options: {
  brokers: () => readonly string[];
  topic: string;
  server: string;
  everyMs: number;
  items: () => readonly string[] | null;
  log: Logger;
  kafka?: (brokers: string[]) => Kafka;
}): ProbeStream {
  const sent: SentProbe[] = [];
  const kafkaFor = options.kafka ?? ((brokers: string[]) => createKafka(brokers, "chaos-drill-probes", options.log));
  let connection: Connection | null = null;
  let seq = 0;
  let running = true;

  const connect = async (brokers: string[]): Promise<Connection> => {
    const kafka = kafkaFor(brokers);
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 2 } });
    try {
      return await withTimeout((async () => {
        await admin.connect();
        const { clusterId } = await admin.describeCluster();
        await producer.connect();
        return { key: brokers.join(","), clusterId, producer };
      })(), 5000);
    } catch (error) {
      // A Kafka that is not there: stop the clients' own retries too.
      void producer.disconnect().catch(() => {});
      throw error;
    } finally {
      void admin.disconnect().catch(() => {});
    }
  };

  const drop = () => {
    const old = connection;
    connection = null;
    void old?.producer.disconnect().catch(() => {});
  };

  const sendOne = async () => {
    const items = options.items();
    const brokers = [...options.brokers()];
    if (items === null || items.length === 0 || brokers.length === 0) return;
    if (connection?.key !== brokers.join(",")) {
      drop();
      connection = await connect(brokers);
    }
    const current = connection!;
    const userId = PROBE_USER_BASE + seq++;
    const line = formatLine({ kind: "recommendation", time: Date.now(), userId, server: options.server, status: 200, items: [...items], error: null, latencyMs: 1 });
    const [meta] = await withTimeout(current.producer.send({ topic: options.topic, messages: [{ key: String(userId), value: line }] }), 3000);
    if (meta && meta.errorCode === 0 && meta.baseOffset !== undefined) {
      sent.push({ userId, clusterId: current.clusterId, partition: meta.partition, offset: Number(meta.baseOffset) });
    }
  };

  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        await sendOne();
      } catch {
        // Kafka is down or moved: try again later on the brokers the state names then.
        drop();
        await new Promise((r) => setTimeout(r, 500));
      }
      const wait = options.everyMs - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();

  return {
    server: options.server,
    sent: () => sent,
    async stop() {
      running = false;
      await loop;
      drop();
    },
  };
}
