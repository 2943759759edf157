/**
 * Per-partition progress in `ingest_checkpoints`, read and written inside the
 * transaction that applies a batch: the rows and the checkpoint commit together, so
 * a crash anywhere replays into the checkpoint filter instead of losing or doubling.
 */
import type postgres from "postgres";
import { epochMsSql, timestampSql } from "../infra/db/epoch-sql.ts";
import type { CheckpointKey } from "./event-store.ts";

type Tx = postgres.TransactionSql;

// Times cross the driver as epoch milliseconds in both directions (timestampSql in,
// epochMsSql out): drizzle replaces postgres.js's date parsers on the shared client, so
// Date objects are not portable here.

/** The stored next offset per partition of one consumer's topic. */
export async function readCheckpoints(sql: postgres.Sql, key: Omit<CheckpointKey, "partition">): Promise<Map<number, number>> {
  const rows = await sql`
    select partition, next_offset from ingest_checkpoints
    where consumer = ${key.consumer} and cluster_id = ${key.clusterId} and topic = ${key.topic}`;
  return new Map(rows.map((r) => [Number(r.partition), Number(r.next_offset)]));
}

/** Creates the partition's row if needed and locks it for the transaction; returns what it holds. */
export async function lockCheckpoint(tx: Tx, key: CheckpointKey): Promise<{ nextOffset: number; watermark: number | null }> {
  // Insert-then-lock: the row exists before FOR UPDATE, so two consumers of the same
  // partition (a rebalance leaving a zombie) serialise here and the second skips.
  await tx`
    insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset)
    values (${key.consumer}, ${key.clusterId}, ${key.topic}, ${key.partition}, 0) on conflict do nothing`;
  const [row] = await tx`
    select next_offset, ${epochMsSql(tx, "watermark")} as watermark from ingest_checkpoints
    where consumer = ${key.consumer} and cluster_id = ${key.clusterId} and topic = ${key.topic} and partition = ${key.partition}
    for update`;
  return { nextOffset: Number(row.next_offset), watermark: row.watermark === null ? null : Number(row.watermark) };
}

/** Moves a locked checkpoint forward to `nextOffset` (never back) and stores the watermark. */
export async function advanceCheckpoint(tx: Tx, key: CheckpointKey, nextOffset: number, watermark: number | null): Promise<void> {
  await tx`
    update ingest_checkpoints set next_offset = greatest(next_offset, ${nextOffset}),
      watermark = ${timestampSql(tx, watermark)}, updated_at = now()
    where consumer = ${key.consumer} and cluster_id = ${key.clusterId}
      and topic = ${key.topic} and partition = ${key.partition}`;
}
