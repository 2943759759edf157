/**
 * The stream's clock: the one definition the judge, the experiment reports, the online
 * report, the status page and the conversion gauge share.
 */
import type postgres from "postgres";
import { epochMsSql, timestampSql } from "../infra/db/epoch-sql.ts";
import type { Queries } from "./queries.ts";

/**
 * SQL float8: the latest event time ingestion applied from `topic` (its watermark), else
 * (a store filled from files, which writes no checkpoint) the latest event time in the
 * stream's tables; null when the store holds no stream event. Epoch ms.
 */
export function streamClockSql(sql: Queries, topic: string): postgres.Fragment {
  const latestEvent = sql`greatest((select max(time) from recommendation_events), (select max(last_time) from watch_sessions),
    (select max(time) from rating_history))`;
  return sql`coalesce(
    (select ${epochMsSql(sql, sql`max(c.watermark)`)} from ingest_checkpoints c where c.topic = ${topic}::text),
    (select ${epochMsSql(sql, latestEvent)}))`;
}

/** The stream's clock in epoch ms (rounded), or null before any stream event was stored. */
export async function readStreamClock(sql: Queries, topic: string): Promise<number | null> {
  const [row] = await sql`select ${streamClockSql(sql, topic)} as ms`;
  return row?.ms == null ? null : Math.round(Number(row.ms));
}

/** The `ingest_batches.source` (and quarantine source) of the batches ingestion applies from Kafka topic `topic`. */
export function kafkaBatchSource(topic: string): string {
  return `kafka:${topic}`;
}

/** The `ingest_batches.source` (and quarantine source) of the batches ingestion replays from the movielog file `path`. */
export function fileBatchSource(path: string): string {
  return `file:${path}`;
}

/**
 * The stream's clock as it stood at a past moment `at` (epoch ms), for replaying a recorded
 * release: every batch ingestion applied records when it did and its latest event time, so
 * the clock then is the latest event time among the topic's batches applied by `at`. Null
 * when none had been (a store filled from files): the supervisor then used its own clock.
 */
export async function readStreamClockAt(sql: Queries, topic: string, at: number): Promise<number | null> {
  const [row] = await sql`
    select ${epochMsSql(sql, sql`max(max_event_time)`)} as ms
    from ingest_batches
    where source = ${kafkaBatchSource(topic)} and ingested_at <= ${timestampSql(sql, at)}`;
  return row?.ms == null ? null : Math.round(Number(row.ms));
}
