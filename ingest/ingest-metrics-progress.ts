/** Reads the stored progress per partition that lag and the progress gauges are computed from. */
import type postgres from "postgres";
import type { PartitionProgress } from "./ingest-metrics-lag.ts";
import type { LaggedTopic } from "./ingest-metrics-refresher.ts";

/** Stored progress of one consumer's topic; the checkpoint key is the one consume-topic.ts writes. */
export async function readStoredProgress(sql: postgres.Sql, clusterId: string, topic: LaggedTopic): Promise<Map<number, PartitionProgress>> {
  // Times cross the driver as epoch milliseconds (see postgres-checkpoint.ts).
  const rows = await sql`
    select partition, next_offset, (extract(epoch from watermark) * 1000)::float8 as watermark,
      (extract(epoch from updated_at) * 1000)::float8 as updated_at
    from ingest_checkpoints
    where consumer = ${topic.groupId} and cluster_id = ${clusterId} and topic = ${topic.topic}`;
  return new Map(rows.map((r) => [Number(r.partition), {
    nextOffset: Number(r.next_offset),
    watermark: r.watermark === null ? null : Number(r.watermark),
    progressedAt: Number(r.updated_at),
  }]));
}
