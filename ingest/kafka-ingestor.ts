/**
 * The movielog ingestor: the shared topic consumer (consume-topic.ts) applying
 * each batch of movielog lines to the event store, which moves the partition's
 * checkpoint in the same transaction.
 */
import { type ConsumerSettings, consumeTopic } from "./consume-topic.ts";
import type { EventStore } from "./event-store.ts";
import { addCounts, emptyCounts, type IngestCounts } from "./ingest-counts.ts";
import { kafkaBatchSource } from "../measurement/stream-clock.ts";

/** The consumer's settings and the event store its batches go to. */
export type KafkaIngestorOptions = ConsumerSettings & { readonly store: EventStore };

export type KafkaIngestor = {
  /** Running totals since start. */
  totals(): IngestCounts;
  stop(): Promise<void>;
};

/** Connects, joins the group and starts applying batches; resolves once consuming has started. */
export async function startKafkaIngestor(options: KafkaIngestorOptions): Promise<KafkaIngestor> {
  const { store, topic } = options;
  let totals = emptyCounts();
  const consumer = await consumeTopic({
    ...options,
    checkpoints: (key) => store.checkpoints(key),
    async apply(checkpoint, lines) {
      const outcome = await store.applyBatch({ source: kafkaBatchSource(topic), checkpoint, lines });
      totals = addCounts(totals, outcome);
    },
  });
  return { totals: () => totals, stop: () => consumer.stop() };
}
