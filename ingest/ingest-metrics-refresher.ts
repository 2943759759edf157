/**
 * Refreshes consumer lag every few seconds and conversion every minute, off the
 * request path: a scrape only renders what the last refresh set. Each topic's lag is
 * refreshed on its own, so one unreachable topic does not blank the other's series;
 * a failed conversion refresh keeps the last values.
 */
import { errorMessage, type Logger } from "../infra/log/logger.ts";
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
  return _repeat(async () => void await Promise.all(options.topics.map(refreshTopic)), options.intervalMs);
}

export type ConversionRefresherOptions = {
  readonly metrics: IngestMetrics;
  /** The lists judged for conversion now (one query). */
  readLists(): Promise<JudgedList[]>;
  readonly intervalMs: number;
  readonly now: () => number;
  readonly log: Logger;
};

/** Refreshes conversion by model version once now, then every `intervalMs` after the previous refresh finished. */
export function startConversionRefresher(options: ConversionRefresherOptions): Refresher {
  const { metrics, log } = options;
  return _repeat(async () => {
    try {
      metrics.setConversion(conversionByVersion(await options.readLists()), options.now());
    } catch (error) {
      metrics.conversionRefreshFailed();
      log.warn("conversion refresh failed", { error: errorMessage(error) });
    }
  }, options.intervalMs);
}

/** Runs `refresh` (which never throws) now, then `intervalMs` after each run finished, until stopped. */
function _repeat(refresh: () => Promise<void>, intervalMs: number): Refresher {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const loop = () => void refresh().then(schedule);
  const schedule = () => {
    if (!stopped) timer = setTimeout(loop, intervalMs);
  };
  const first = refresh();
  void first.then(schedule);
  return {
    first,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
