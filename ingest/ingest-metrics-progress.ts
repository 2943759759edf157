/** Reads the stored progress per partition that lag and the progress gauges are computed from. */
import type postgres from "postgres";
import { z } from "zod";
import { EpochMs, epochMsSql, parseRow } from "../infra/db/epoch-sql.ts";
import type { PartitionProgress } from "./ingest-metrics-lag.ts";
import type { LaggedTopic } from "./ingest-metrics-refresher.ts";

// next_offset is a bigint, which arrives as text.
const ProgressRow = z.object({
  partition: z.number().int(),
  next_offset: z.coerce.number().int().nonnegative(),
  watermark: EpochMs.nullable(),
  updated_at: EpochMs,
});

/** Stored progress of one consumer's topic; the checkpoint key is the one consume-topic.ts writes. */
export async function readStoredProgress(sql: postgres.Sql, clusterId: string, topic: LaggedTopic): Promise<Map<number, PartitionProgress>> {
  const rows = await sql`
    select partition, next_offset, ${epochMsSql(sql, "watermark")} as watermark, ${epochMsSql(sql, "updated_at")} as updated_at
    from ingest_checkpoints
    where consumer = ${topic.groupId} and cluster_id = ${clusterId} and topic = ${topic.topic}`;
  return new Map(rows.map((row) => {
    const r = parseRow(ProgressRow, row, `the stored progress of ${topic.groupId} on ${topic.topic}`);
    return [r.partition, { nextOffset: r.next_offset, watermark: r.watermark, progressedAt: r.updated_at }];
  }));
}
