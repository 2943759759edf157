/**
 * Refreshes consumer lag every few seconds, off the request path: a scrape only
 * renders what the last refresh set. Each topic is refreshed on its own, so one
 * unreachable topic does not blank the other's series.
 */
import { errorMessage, type Logger } from "../../infra/log/logger.ts";
import type { IngestMetrics } from "./ingest-metrics.ts";
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

export type LagRefresher = {
  /** Resolves when the first refresh is done (failures are counted, never thrown). */
  readonly first: Promise<void>;
  stop(): void;
};

/** Refreshes once now, then every `intervalMs` after the previous refresh finished. */
export function startLagRefresher(options: LagRefresherOptions): LagRefresher {
  const { metrics, log } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
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
  const refresh = async () => void await Promise.all(options.topics.map(refreshTopic));
  const loop = () => void refresh().then(schedule);
  const schedule = () => {
    if (!stopped) timer = setTimeout(loop, options.intervalMs);
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
