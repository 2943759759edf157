/**
 * The one writer of `ingest_partition_status`: each sample of a consumer's topic
 * replaces the partitions' rows, carrying their "since" times forward by
 * measurement/partition-stall.ts. One transaction per topic locks the rows it reads, so
 * two ingestion processes sampling the same topic take turns instead of overwriting each
 * other's history; partitions the topic no longer has are dropped. The reader is
 * read-models/read-partition-status.ts.
 */
import type postgres from "postgres";
import { z } from "zod";
import { EpochMs, epochMsSql, parseRow, timestampSql } from "../infra/db/epoch-sql.ts";
import { nextPartitionSample, PARTITION_STALL_WINDOW_MS, type PartitionSample } from "../measurement/partition-stall.ts";
import type { PartitionLag } from "./ingest-metrics-lag.ts";

/** Whose partitions a sample covers: the consumer group, its topic and the Kafka cluster sampled. */
export type SampledTopic = { readonly consumer: string; readonly topic: string; readonly clusterId: string };

// bigint arrives as text.
const StoredRow = z.object({
  partition: z.number().int(),
  cluster_id: z.string(),
  lag: z.coerce.number().int().nonnegative(),
  next_offset: z.coerce.number().int().nonnegative().nullable(),
  lag_since: EpochMs.nullable(),
  checkpoint_since: EpochMs,
  stalled: z.boolean(),
  measured_at: EpochMs,
});

/** Stores one sample of every partition in `partitions`, taken at `at`; returns the rows written. */
export async function recordPartitionSamples(
  sql: postgres.Sql,
  topic: SampledTopic,
  partitions: readonly PartitionLag[],
  at: number,
  windowMs: number = PARTITION_STALL_WINDOW_MS,
): Promise<(PartitionSample & { readonly partition: number; readonly progressedAt: number | null })[]> {
  return await sql.begin(async (tx) => {
    const stored = await tx`
      select partition, cluster_id, lag, next_offset, ${epochMsSql(tx, "lag_since")} as lag_since,
        ${epochMsSql(tx, "checkpoint_since")} as checkpoint_since, stalled, ${epochMsSql(tx, "measured_at")} as measured_at
      from ingest_partition_status
      where consumer = ${topic.consumer} and topic = ${topic.topic}
      for update`;
    const previous = new Map(stored.map((raw) => {
      const r = parseRow(StoredRow, raw, `the sampled partitions of ${topic.consumer} on ${topic.topic}`);
      const sample: PartitionSample = {
        clusterId: r.cluster_id, lag: r.lag, nextOffset: r.next_offset, measuredAt: r.measured_at,
        lagSince: r.lag_since, checkpointSince: r.checkpoint_since, stalled: r.stalled,
      };
      return [r.partition, sample];
    }));
    const rows = partitions.map((p) => ({
      partition: p.partition,
      progressedAt: p.progressedAt,
      ...nextPartitionSample(previous.get(p.partition) ?? null, { clusterId: topic.clusterId, lag: p.lag, nextOffset: p.nextOffset }, at, windowMs),
    }));
    // One JSON parameter: the embedded database mishandles array and date parameters.
    const json = JSON.stringify(rows.map((r) => ({
      partition: r.partition, lag: r.lag, next_offset: r.nextOffset, progressed_at: r.progressedAt,
      lag_since: r.lagSince, checkpoint_since: r.checkpointSince, stalled: r.stalled,
    })));
    await tx`
      insert into ingest_partition_status (consumer, topic, partition, cluster_id, lag, next_offset, progressed_at,
        lag_since, checkpoint_since, stalled, measured_at)
      select ${topic.consumer}, ${topic.topic}, x.partition, ${topic.clusterId}, x.lag, x.next_offset,
        ${timestampSql(tx, tx`x.progressed_at`)}, ${timestampSql(tx, tx`x.lag_since`)}, ${timestampSql(tx, tx`x.checkpoint_since`)},
        x.stalled, ${timestampSql(tx, at)}
      from jsonb_to_recordset(${json}::jsonb) as x(partition int, lag bigint, next_offset bigint, progressed_at float8,
        lag_since float8, checkpoint_since float8, stalled boolean)
      on conflict (consumer, topic, partition) do update set cluster_id = excluded.cluster_id, lag = excluded.lag,
        next_offset = excluded.next_offset, progressed_at = excluded.progressed_at, lag_since = excluded.lag_since,
        checkpoint_since = excluded.checkpoint_since, stalled = excluded.stalled, measured_at = excluded.measured_at`;
    const kept = JSON.stringify(rows.map((r) => r.partition));
    await tx`
      delete from ingest_partition_status
      where consumer = ${topic.consumer} and topic = ${topic.topic}
        and partition not in (select jsonb_array_elements_text(${kept}::jsonb)::int)`;
    return rows;
  }) as (PartitionSample & { partition: number; progressedAt: number | null })[];
}
