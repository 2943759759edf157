/**
 * Kafka's watermarks per partition and the cluster's id, through one admin client that
 * connects on first use and is dropped on any failure, so a Kafka outage heals on a
 * later call instead of leaving a dead client behind.
 */
import type { Admin, Kafka } from "kafkajs";
import type { PartitionOffsets } from "./ingest-metrics-lag.ts";

export type TopicOffsetsReader = {
  /** The id of the cluster the client is connected to (offsets only mean something within it). */
  clusterId(): Promise<string>;
  /** The low and high watermark of every partition of `topic`. */
  fetchOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Disconnects; a later call connects again. */
  close(): Promise<void>;
};

/** A reader over `kafka`'s admin client; nothing connects before the first call. */
export function createTopicOffsetsReader(kafka: Kafka): TopicOffsetsReader {
  type Session = { admin: Admin; clusterId: string };
  let session: Promise<Session> | null = null;
  const connect = async (): Promise<Session> => {
    const admin = kafka.admin();
    try {
      await admin.connect();
      return { admin, clusterId: (await admin.describeCluster()).clusterId };
    } catch (error) {
      await admin.disconnect().catch(() => {});
      throw error;
    }
  };
  const close = async () => {
    const current = session;
    session = null;
    await current?.then((s) => s.admin.disconnect()).catch(() => {});
  };
  /** `use` on the session; a failure drops it so the next call reconnects. */
  const withSession = async <T>(use: (s: Session) => Promise<T>): Promise<T> => {
    session ??= connect();
    try {
      return await use(await session);
    } catch (error) {
      void close();
      throw error;
    }
  };
  return {
    clusterId: () => withSession((s) => Promise.resolve(s.clusterId)),
    fetchOffsets: (topic) =>
      withSession(async (s) => (await s.admin.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))),
    close,
  };
}
