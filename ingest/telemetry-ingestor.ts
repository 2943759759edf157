/**
 * The telemetry ingestor: the shared topic consumer (consume-topic.ts) applying each
 * batch of the router's telemetry messages to the telemetry store, which moves the
 * partition's checkpoint in the same transaction. Creates the topic if it is missing,
 * so it can start before the router has written anything.
 */
import { type ConsumerSettings, consumeTopic } from "./consume-topic.ts";
import { ensureTopic } from "./ensure-topic.ts";
import { addTelemetryCounts, emptyTelemetryCounts, type TelemetryCounts } from "./telemetry-counts.ts";
import type { TelemetryStore } from "./telemetry-store.ts";

/** The consumer's settings (its groupId must differ from the movielog consumer's) and the store. */
export type TelemetryIngestorOptions = ConsumerSettings & { readonly store: TelemetryStore };

export type TelemetryIngestor = {
  /** Running totals since start. */
  totals(): TelemetryCounts;
  stop(): Promise<void>;
};

/** Connects, makes sure the topic exists, joins the group and starts applying batches. */
export async function startTelemetryIngestor(options: TelemetryIngestorOptions): Promise<TelemetryIngestor> {
  const { kafka, store, topic, log } = options;
  let totals = emptyTelemetryCounts();
  const consumer = await consumeTopic({
    ...options,
    checkpoints: (key) => store.checkpoints(key),
    beforeSubscribe: async () => void await ensureTopic(kafka, topic, log),
    async apply(checkpoint, lines) {
      // Await first: partitions run concurrently, and `totals` must be read after the await.
      const outcome = await store.applyBatch({ checkpoint, lines });
      totals = addTelemetryCounts(totals, outcome);
    },
  });
  return { totals: () => totals, stop: () => consumer.stop() };
}
