/**
 * Loads recorded files into an empty database through ingestion's own stores, so a
 * replay reads them with the supervisor's SQL and nothing is defined twice: router
 * telemetry (one event per line, any format version the product has written) through
 * the telemetry store, the movielog through the event store as `ingest replay` does.
 *
 * A replay is offline analysis, so who wrote an event is not judged: ingestion stores
 * only events signed with the router's key, so each event read is signed here with a
 * key made for this load alone, and only that. Every other judgement of ingestion
 * stands (bounds, believable times, duplicate request ids). A line that is not an
 * event is skipped and counted by its reason, never a crash (blank lines are not
 * lines of the recording). Events of pools other than the two arms are not loaded:
 * nothing in a replay reads them.
 */
import { randomBytes } from "node:crypto";
import type postgres from "postgres";
import { epochMsSql } from "../../infra/db/epoch-sql.ts";
import { fileBatchSource } from "../../measurement/stream-clock.ts";
import { readLineChunks } from "../../infra/files/read-lines.ts";
import { eventStoreOptions, loadIngestConfig } from "../../ingest/config.ts";
import type { IngestCounts } from "../../ingest/ingest-counts.ts";
import type { SourcedLine } from "../../ingest/plan-batch.ts";
import { createPostgresEventStore } from "../../ingest/postgres-event-store.ts";
import { createPostgresTelemetryStore } from "../../ingest/postgres-telemetry-store.ts";
import { replayFile } from "../../ingest/replay-file.ts";
import { createTelemetrySigner, parseTelemetryEvent } from "../../shared/telemetry/index.ts";
import { DEFAULT_EVENT_TIME_BOUNDS } from "../../shared/time/event-time-bounds.ts";
import type { RecordedSpans } from "./check-schedule.ts";

/** The pools of a recording's two arms. */
export const RECORDED_ARMS = { stable: "stable", canary: "canary" } as const;

const BATCH_LINES = 5000;
/** Names the load's telemetry checkpoint: not a topic any consumer reads, so no stream clock moves. */
const REPLAY_CHECKPOINT = { consumer: "release-replay", clusterId: "files", topic: "release-replay-telemetry", partition: 0 } as const;

/** What loading the telemetry file did. */
export type TelemetryLoadCounts = {
  readonly lines: number;
  /** Rows stored for the two arms. */
  readonly stored: number;
  /** Events of other pools (or of none: refused requests), not loaded. */
  readonly otherPools: number;
  readonly duplicates: number;
  /** Lines skipped, by reason (a parser's reason, or ingestion's quarantine reason). */
  readonly skipped: Readonly<Record<string, number>>;
};

/** What was loaded, and the recorded spans of both clocks (null telemetry span: no event of the arms). */
export type LoadedRecording = {
  readonly telemetry: TelemetryLoadCounts;
  readonly stream: IngestCounts;
  readonly spans: RecordedSpans | null;
};

/** Loads both files into `sql` (a migrated, empty database). */
export async function loadRecording(
  sql: postgres.Sql,
  files: { readonly telemetry: string; readonly movielog: string },
  now: () => number = Date.now,
): Promise<LoadedRecording> {
  const telemetry = await loadTelemetry(sql, files.telemetry, now);
  const options = eventStoreOptions(loadIngestConfig({}));
  const stream = await replayFile(files.movielog, createPostgresEventStore(sql, { ...options, now }), { batchLines: BATCH_LINES });
  return { telemetry, stream, spans: await recordedSpans(sql, files.movielog) };
}

async function loadTelemetry(sql: postgres.Sql, path: string, now: () => number): Promise<TelemetryLoadCounts> {
  const signingKey = randomBytes(32).toString("hex");
  const signer = createTelemetrySigner(signingKey);
  const store = createPostgresTelemetryStore(sql, { signingKey, timeBounds: DEFAULT_EVENT_TIME_BOUNDS, now });
  const skipped: Record<string, number> = {};
  let lines = 0;
  let otherPools = 0;
  let stored = 0;
  let duplicates = 0;
  let position = 0;
  for await (const chunk of readLineChunks(path, BATCH_LINES)) {
    const batch: SourcedLine[] = [];
    for (const line of chunk) {
      if (line.raw.trim() === "") continue;
      lines++;
      const parsed = parseTelemetryEvent(line.raw);
      if (!parsed.ok) {
        skipped[parsed.reason] = (skipped[parsed.reason] ?? 0) + 1;
        continue;
      }
      if (parsed.event.pool !== RECORDED_ARMS.stable && parsed.event.pool !== RECORDED_ARMS.canary) {
        otherPools++;
        continue;
      }
      batch.push({ raw: JSON.stringify(signer(parsed.event)), partition: REPLAY_CHECKPOINT.partition, position: position++ });
    }
    const counts = await store.applyBatch({ checkpoint: REPLAY_CHECKPOINT, lines: batch });
    stored += counts.accepted;
    duplicates += counts.duplicates;
    for (const [reason, n] of Object.entries(counts.quarantined)) skipped[reason] = (skipped[reason] ?? 0) + n;
  }
  return { lines, stored, otherPools, duplicates, skipped: Object.fromEntries(Object.entries(skipped).sort(([a], [b]) => a.localeCompare(b))) };
}

/** The first and last stored arm event, and the first and last event time the stream's batches applied. */
async function recordedSpans(sql: postgres.Sql, movielog: string): Promise<RecordedSpans | null> {
  const [t] = await sql`
    select ${epochMsSql(sql, sql`min(time)`)} as first, ${epochMsSql(sql, sql`max(time)`)} as last
    from telemetry_events where pool in ${sql([RECORDED_ARMS.stable, RECORDED_ARMS.canary])}`;
  if (t?.first == null) return null;
  const [s] = await sql`
    select ${epochMsSql(sql, sql`min(min_event_time)`)} as first, ${epochMsSql(sql, sql`max(max_event_time)`)} as last
    from ingest_batches where source = ${fileBatchSource(movielog)}`;
  return {
    telemetry: { first: Math.round(Number(t.first)), last: Math.round(Number(t.last)) },
    stream: s?.first == null ? null : { first: Math.round(Number(s.first)), last: Math.round(Number(s.last)) },
  };
}
