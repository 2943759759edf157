/**
 * The one reader of `ingest_partition_status` (shared/db/schema.ts), whose one writer is
 * ingest/postgres-partition-status.ts: every consumed partition as ingestion last sampled
 * it, with the stall verdict of measurement/partition-stall.ts. The status page (router,
 * Deno) calls it, so it uses only postgres.js, zod and relative imports; times are epoch
 * milliseconds.
 */
import type postgres from "postgres";
import { z } from "zod";
import { EpochMs, epochMsSql, parseRow } from "../infra/db/epoch-sql.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

export type PartitionStatus = {
  readonly consumer: string;
  readonly topic: string;
  readonly partition: number;
  readonly clusterId: string;
  /** Messages behind Kafka's high watermark. */
  readonly lag: number;
  /** The stored checkpoint; null before the partition's first applied batch. */
  readonly nextOffset: number | null;
  /** When an applied batch last moved the checkpoint. */
  readonly progressedAt: number | null;
  readonly lagSince: number | null;
  readonly checkpointSince: number;
  readonly stalled: boolean;
  readonly measuredAt: number;
};

// bigint arrives as text.
const Row = z.object({
  consumer: z.string(),
  topic: z.string(),
  partition: z.number().int(),
  cluster_id: z.string(),
  lag: z.coerce.number().int().nonnegative(),
  next_offset: z.coerce.number().int().nonnegative().nullable(),
  progressed_at: EpochMs.nullable(),
  lag_since: EpochMs.nullable(),
  checkpoint_since: EpochMs,
  stalled: z.boolean(),
  measured_at: EpochMs,
});

const _ms = (t: number | null) => (t === null ? null : Math.round(t));

/** Every sampled partition, by topic, then partition. */
export async function readPartitionStatus(sql: Sql): Promise<PartitionStatus[]> {
  const rows = await sql`
    select consumer, topic, partition, cluster_id, lag, next_offset, ${epochMsSql(sql, "progressed_at")} as progressed_at,
      ${epochMsSql(sql, "lag_since")} as lag_since, ${epochMsSql(sql, "checkpoint_since")} as checkpoint_since, stalled,
      ${epochMsSql(sql, "measured_at")} as measured_at
    from ingest_partition_status
    order by topic, partition, consumer`;
  return rows.map((raw) => {
    const r = parseRow(Row, raw, "a sampled partition");
    return {
      consumer: r.consumer, topic: r.topic, partition: r.partition, clusterId: r.cluster_id, lag: r.lag, nextOffset: r.next_offset,
      progressedAt: _ms(r.progressed_at), lagSince: _ms(r.lag_since), checkpointSince: Math.round(r.checkpoint_since),
      stalled: r.stalled, measuredAt: Math.round(r.measured_at),
    };
  });
}
