/**
 * Refreshes consumer lag every few seconds and conversion every minute, off the
 * request path: a scrape only renders what the last refresh set. Each topic's lag is
 * refreshed on its own, so one unreachable topic does not blank the other's series;
 * a failed conversion refresh keeps the last values.
 */
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import { type Refreshing, refreshing, type Timers } from "../infra/process/refreshing.ts";
import type { IngestMetrics } from "./ingest-metrics.ts";
import { conversionByVersion, type JudgedList } from "./ingest-metrics-conversion.ts";
import { computeTopicLag, type PartitionOffsets, type PartitionProgress } from "./ingest-metrics-lag.ts";

/** A consumed topic and the consumer group whose stored checkpoints measure its progress. */
export type LaggedTopic = { readonly topic: string; readonly groupId: string };

export type LagRefresherOptions = {
  readonly topics: readonly LaggedTopic[];
  readonly metrics: IngestMetrics;
  /** Kafka's low and high watermarks per partition. */
  fetchOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** The stored progress per partition of the group's topic. */
  readProgress(topic: LaggedTopic): Promise<Map<number, PartitionProgress>>;
  readonly intervalMs: number;
  readonly now: () => number;
  readonly log: Logger;
  readonly timers?: Timers;
};

export type Refresher = {
  /** Resolves when the first refresh is done (failures are counted, never thrown). */
  readonly first: Promise<void>;
  stop(): void;
};

/** Refreshes once now, then every `intervalMs` after the previous refresh finished. */
export function startLagRefresher(options: LagRefresherOptions): Refresher {
  const { metrics, log } = options;
  const refreshTopic = async (topic: LaggedTopic) => {
    try {
      const [offsets, progress] = await Promise.all([options.fetchOffsets(topic.topic), options.readProgress(topic)]);
      const lag = computeTopicLag(offsets, progress);
      metrics.setLag(topic.topic, lag.partitions, lag.lastEventTime, options.now());
    } catch (error) {
      metrics.lagRefreshFailed(topic.topic);
      log.warn("lag refresh failed", { topic: topic.topic, error: errorMessage(error) });
    }
  };
  // The values live in the metrics, which a failed topic leaves as they were.
  return _started(refreshing<void>({
    initial: undefined,
    load: async () => void await Promise.all(options.topics.map(refreshTopic)),
    intervalMs: options.intervalMs,
    timers: options.timers,
  }));
}

export type ConversionRefresherOptions = {
  readonly metrics: IngestMetrics;
  /** The lists judged for conversion now (one query). */
  readLists(): Promise<JudgedList[]>;
  readonly intervalMs: number;
  readonly now: () => number;
  readonly log: Logger;
  readonly timers?: Timers;
};

/** Refreshes conversion by model version once now, then every `intervalMs` after the previous refresh finished. */
export function startConversionRefresher(options: ConversionRefresherOptions): Refresher {
  const { metrics, log } = options;
  // The values live in the metrics, which a failed refresh leaves as they were.
  return _started(refreshing<void>({
    initial: undefined,
    async load() {
      metrics.setConversion(conversionByVersion(await options.readLists()), options.now());
    },
    intervalMs: options.intervalMs,
    onError(error) {
      metrics.conversionRefreshFailed();
      log.warn("conversion refresh failed", { error: errorMessage(error) });
    },
    timers: options.timers,
  }));
}

/** Starts `held`; stopping does not wait for a refresh in flight (a hung Kafka call must not hold up shutdown). */
function _started<T>(held: Refreshing<T>): Refresher {
  return { first: held.start(), stop: () => void held.stop() };
}
