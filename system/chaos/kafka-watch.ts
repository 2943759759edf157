/**
 * The drill's view of Kafka: which cluster answers on the brokers the state file names
 * now, and its log end per partition of the stream, remembered per cluster id so that a
 * cluster the drill kills keeps the log end it had just before (what it still held dies
 * with it). Asked every few seconds and right before a kill; a Kafka that does not
 * answer within a few seconds is simply not seen this time.
 */
import type { Admin } from "kafkajs";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import type { Logger } from "../../infra/log/logger.ts";
import type { ClusterSeen, PartitionOffsets } from "./account-events.ts";
import { withTimeout } from "./with-timeout.ts";

export type ClusterLook = { readonly clusterId: string; readonly logEnd: PartitionOffsets };

export type KafkaWatch = {
  /** Looks at the cluster now; null when it does not answer. */
  look(): Promise<ClusterLook | null>;
  /** Marks a cluster as killed by the drill. */
  markKilled(clusterId: string): void;
  clusters(): ClusterSeen[];
  stop(): Promise<void>;
};

/** Watches `topic` on whatever brokers `brokers()` names at each look. */
export function watchKafka(options: { brokers: () => readonly string[]; topic: string; log: Logger; everyMs: number; timeoutMs?: number }): KafkaWatch {
  const seen = new Map<string, { logEnd: Record<number, number>; killed: boolean }>();
  let admin: { key: string; client: Admin; connected: Promise<void> } | null = null;
  const timeoutMs = options.timeoutMs ?? 3000;

  const drop = (): Promise<void> => {
    const old = admin;
    admin = null;
    return old ? old.client.disconnect().catch(() => {}) : Promise.resolve();
  };

  const lookOnce = async (): Promise<ClusterLook | null> => {
    const brokers = [...options.brokers()];
    if (brokers.length === 0) return null;
    const key = brokers.join(",");
    if (admin?.key !== key) {
      void drop();
      const client = createKafka(brokers, "chaos-drill-watch", options.log).admin();
      admin = { key, client, connected: client.connect() };
    }
    const current = admin!;
    await current.connected;
    const before = await current.client.describeCluster();
    const offsets = await current.client.fetchTopicOffsets(options.topic);
    const after = await current.client.describeCluster();
    // A restart between the two questions: the offsets may be the other cluster's.
    if (before.clusterId !== after.clusterId) return null;
    const logEnd: Record<number, number> = {};
    for (const p of offsets) logEnd[p.partition] = Number(p.high);
    return { clusterId: after.clusterId, logEnd };
  };

  const look = async (): Promise<ClusterLook | null> => {
    const found = await withTimeout(lookOnce(), timeoutMs).catch(() => null);
    if (found === null) {
      void drop();
      return null;
    }
    const entry = seen.get(found.clusterId) ?? { logEnd: {}, killed: false };
    // Log ends only grow; a killed cluster keeps what it had when the drill killed it.
    if (!entry.killed) for (const [p, end] of Object.entries(found.logEnd)) entry.logEnd[Number(p)] = Math.max(entry.logEnd[Number(p)] ?? 0, end);
    seen.set(found.clusterId, entry);
    return found;
  };

  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const tick = async () => {
    await look();
    if (!stopped) timer = setTimeout(tick, options.everyMs);
  };
  void tick();

  return {
    look,
    markKilled(clusterId) {
      const entry = seen.get(clusterId);
      if (entry) entry.killed = true;
    },
    clusters: () => [...seen].map(([clusterId, e]) => ({ clusterId, logEnd: { ...e.logEnd }, killed: e.killed })),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await withTimeout(drop(), 2000).catch(() => {});
    },
  };
}
