/**
 * An EventStore in memory with the same rules as the Postgres one. `--dry-run`
 * uses it to report exactly what a replay would do without writing anything;
 * unit tests use it as the fake.
 */
import { foldWatchSession, type WatchSession } from "./fold-watch-session.ts";
import { type BatchOutcome, countRejections } from "./ingest-counts.ts";
import { type EventStore, type EventStoreOptions, planOptionsAt } from "./event-store.ts";
import { planBatch, ratingKey, recommendationKey } from "./plan-batch.ts";

export type MemoryEventStore = EventStore & {
  readonly sessions: Map<string, WatchSession>;
  readonly ratingKeys: Set<string>;
  readonly recommendationKeys: Set<string>;
  readonly quarantined: Map<string, string>;
};

/** A fresh, empty in-memory store. */
export function createMemoryEventStore(options: EventStoreOptions): MemoryEventStore {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, WatchSession>();
  const ratingKeys = new Set<string>();
  const recommendationKeys = new Set<string>();
  const quarantined = new Map<string, string>();
  const offsets = new Map<string, { next: number; watermark: number | null }>();
  const partitionKey = (k: { consumer: string; clusterId: string; topic: string }, p: number) =>
    `${k.consumer}\u0000${k.clusterId}\u0000${k.topic}\u0000${p}`;

  return {
    sessions, ratingKeys, recommendationKeys, quarantined,
    applyBatch(batch) {
      let lines = batch.lines;
      let watermark = batch.watermark ?? null;
      const stored = batch.checkpoint ? offsets.get(partitionKey(batch.checkpoint, batch.checkpoint.partition)) : undefined;
      if (batch.checkpoint) {
        watermark = stored?.watermark ?? null;
        lines = lines.filter((l) => l.position >= (stored?.next ?? 0));
      }
      const plan = planBatch(lines, watermark, planOptionsAt(options, now()));
      let watchDuplicates = 0;
      for (const [key, group] of plan.watch) {
        const folded = foldWatchSession(sessions.get(key) ?? null, group, group.views);
        watchDuplicates += folded.duplicates;
        sessions.set(key, folded.session);
      }
      const fresh = <T>(events: T[], keys: Set<string>, keyOf: (e: T) => string) =>
        events.filter((e) => !keys.has(keyOf(e)) && keys.add(keyOf(e)));
      const rate = fresh(plan.ratings, ratingKeys, ratingKey).length;
      const recommendation = fresh(plan.recommendations, recommendationKeys, recommendationKey).length;
      for (const q of plan.rejections) quarantined.set(`${batch.source}\u0000${q.partition}\u0000${q.position}`, q.reason);
      if (batch.checkpoint && batch.lines.length > 0) {
        const next = Math.max(stored?.next ?? 0, ...batch.lines.map((l) => l.position + 1));
        offsets.set(partitionKey(batch.checkpoint, batch.checkpoint.partition), { next, watermark: plan.watermark });
      }
      const outcome: BatchOutcome = {
        lines: plan.lines,
        accepted: { watch: plan.watchViews - watchDuplicates, rate, recommendation },
        rejected: countRejections(plan.rejections),
        duplicates: plan.duplicatesInBatch + watchDuplicates + (plan.ratings.length - rate) +
          (plan.recommendations.length - recommendation),
        late: plan.late,
        skipped: batch.lines.length - lines.length,
        watermark: plan.watermark,
      };
      return Promise.resolve(outcome);
    },
    checkpoints(key) {
      const out = new Map<number, number>();
      for (const [k, v] of offsets) {
        const [consumer, clusterId, topic, partition] = k.split("\u0000");
        if (consumer === key.consumer && clusterId === key.clusterId && topic === key.topic) out.set(Number(partition), v.next);
      }
      return Promise.resolve(out);
    },
  };
}
