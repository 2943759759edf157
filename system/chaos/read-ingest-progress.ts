/**
 * What the event store says about ingestion of the stream: the consumer's checkpoints
 * per cluster and partition, and the lines of every batch applied from the topic, read
 * in one statement so both come from one snapshot; and which of the drill's probe lines
 * it holds.
 */
import type postgres from "postgres";
import { z } from "zod";
import type { IngestProgress } from "./account-events.ts";
import { kafkaBatchSource } from "../../measurement/stream-clock.ts";

const Checkpoint = z.object({ cluster: z.string(), partition: z.number().int(), next: z.number().int().min(0) });

/** The consumer `group`'s progress on `topic`. */
export async function readIngestProgress(sql: postgres.Sql, group: string, topic: string): Promise<IngestProgress> {
  const [row] = await sql`
    select
      coalesce((
        select json_agg(json_build_object('cluster', cluster_id, 'partition', partition, 'next', next_offset))
        from ingest_checkpoints where consumer = ${group} and topic = ${topic}
      ), '[]'::json)::text as checkpoints,
      (select coalesce(sum(lines), 0) from ingest_batches where source = ${kafkaBatchSource(topic)})::float8 as lines`;
  const checkpoints: Record<string, Record<number, number>> = {};
  for (const c of z.array(Checkpoint).parse(JSON.parse(row.checkpoints))) (checkpoints[c.cluster] ??= {})[c.partition] = c.next;
  return { checkpoints, batchLines: Number(row.lines) };
}

/** Offsets applied so far over every cluster: grows whenever ingestion applies a batch. */
export function appliedOffsets(progress: IngestProgress, clusterId?: string): number {
  const clusters = clusterId === undefined ? Object.values(progress.checkpoints) : [progress.checkpoints[clusterId] ?? {}];
  return clusters.reduce((sum, partitions) => sum + Object.values(partitions).reduce((s, n) => s + n, 0), 0);
}

/** The user ids of the probe lines of `server` the event store holds. */
export async function readStoredProbes(sql: postgres.Sql, server: string): Promise<Set<number>> {
  const rows = await sql`select user_id from recommendation_events where server = ${server}`;
  return new Set(rows.map((r) => Number(r.user_id)));
}
