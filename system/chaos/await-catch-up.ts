/**
 * The end of the drill: waits until ingestion has applied everything the live Kafka
 * cluster held at one instant (the site keeps writing, so "everything" is a fixed log
 * end, not a moving one). The kafka watch keeps that log end as the cluster's last.
 */
import type postgres from "postgres";
import type { PartitionOffsets } from "./account-events.ts";
import type { KafkaWatch } from "./kafka-watch.ts";
import { readIngestProgress } from "./read-ingest-progress.ts";

/** Whether `applied` reaches `logEnd` on every partition. */
export function caughtUp(logEnd: PartitionOffsets, applied: PartitionOffsets | undefined): boolean {
  return Object.entries(logEnd).every(([p, end]) => (applied?.[Number(p)] ?? 0) >= end);
}

/** True once caught up, false when `timeoutMs` passed first (what is left counts as lost). */
export async function awaitCatchUp(options: {
  readonly kafka: KafkaWatch;
  readonly sql: postgres.Sql;
  readonly group: string;
  readonly topic: string;
  readonly timeoutMs: number;
}): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const sleep = () => new Promise((r) => setTimeout(r, 250));
  let target = await options.kafka.look();
  while (target === null && Date.now() < deadline) {
    await sleep();
    target = await options.kafka.look();
  }
  if (target === null) return false;
  while (Date.now() < deadline) {
    const progress = await readIngestProgress(options.sql, options.group, options.topic).catch(() => null);
    if (progress && caughtUp(target.logEnd, progress.checkpoints[target.clusterId])) return true;
    await sleep();
  }
  return false;
}
