/**
 * The telemetry store on Postgres. A batch is one transaction: lock the partition's
 * checkpoint, skip messages already applied, insert the rows in one statement
 * (a request id already stored is a duplicate, left as it is), quarantine refused
 * messages, then move the checkpoint.
 *
 * A row the database still refuses (for a reason of the data, not of its
 * availability) must not stall the partition: the batch then runs again with each
 * insert in savepoints, halved until the refused rows stand alone; those are
 * quarantined as `store_refused` with the database's words, and the rest commits
 * with the checkpoint as before. Only availability errors reach the consumer, which
 * retries them.
 */
import type postgres from "postgres";
import { describeRefusal } from "../infra/db/database-refusal.ts";
import { timestampSql } from "../infra/db/epoch-sql.ts";
import { isolateRefusedRecords, withRefusalIsolation } from "../infra/db/isolate-refused-records.ts";
import { createTelemetryVerifier } from "../shared/telemetry/index.ts";
import type { EventTimeBounds } from "../shared/time/event-time-bounds.ts";
import {
  planTelemetryBatch,
  type PlannedTelemetryRow,
  type TelemetryPlanOptions,
  type TelemetryRejection,
} from "./plan-telemetry-batch.ts";
import { advanceCheckpoint, lockCheckpoint, readCheckpoints } from "./postgres-checkpoint.ts";
import { insertQuarantine } from "./postgres-quarantine.ts";
import type { TelemetryCounts } from "./telemetry-counts.ts";
import type { TelemetryRow } from "./telemetry-row.ts";
import type { TelemetryBatch, TelemetryStore } from "./telemetry-store.ts";

/** The `source` of quarantined telemetry messages. */
export const TELEMETRY_QUARANTINE_SOURCE = "telemetry";

export type PostgresTelemetryStoreOptions = {
  /** The router's telemetry signing key: only events signed with it are stored. */
  readonly signingKey: string;
  /** Floor and future tolerance of event times (shared/time/event-time-bounds.ts). */
  readonly timeBounds: EventTimeBounds;
  /** The ingesting host's wall clock, epoch ms. */
  readonly now: () => number;
};

/** A TelemetryStore writing through `sql`. */
export function createPostgresTelemetryStore(sql: postgres.Sql, options: PostgresTelemetryStoreOptions): TelemetryStore {
  const verify = createTelemetryVerifier(options.signingKey);
  return {
    applyBatch(batch) {
      // One clock for both attempts: the isolating run must judge times as the first did.
      const plan: TelemetryPlanOptions = { verify, timeBounds: options.timeBounds, nowMs: options.now() };
      return withRefusalIsolation(sql, (tx, isolate) => applyBatch(tx, batch, plan, isolate));
    },
    checkpoints: (key) => readCheckpoints(sql, key),
  };
}

async function applyBatch(
  tx: postgres.TransactionSql,
  batch: TelemetryBatch,
  options: TelemetryPlanOptions,
  isolate: boolean,
): Promise<TelemetryCounts> {
  if (batch.lines.length === 0) return { messages: 0, accepted: 0, quarantined: {}, duplicates: 0, skipped: 0 };
  const stored = await lockCheckpoint(tx, batch.checkpoint);
  const lines = batch.lines.filter((l) => l.position >= stored.nextOffset);
  const plan = planTelemetryBatch(lines, options);
  const { accepted, refused } = isolate
    ? await insertIsolating(tx, plan.rows)
    : { accepted: await insertRows(tx, plan.rows.map((r) => r.row)), refused: [] };
  const rejections = [...plan.rejections, ...refused];
  await insertQuarantine(tx, TELEMETRY_QUARANTINE_SOURCE, rejections);
  const quarantined: Record<string, number> = {};
  for (const { reason } of rejections) quarantined[reason] = (quarantined[reason] ?? 0) + 1;
  const next = Math.max(...batch.lines.map((l) => l.position)) + 1;
  // A refused row moves no clock: only what was stored counts towards the watermark.
  const maxEventTime = refused.length === 0 ? plan.maxEventTime : latestTime(plan.rows, refused);
  const watermark = stored.watermark === null || maxEventTime === null
    ? stored.watermark ?? maxEventTime
    : Math.max(stored.watermark, maxEventTime);
  await advanceCheckpoint(tx, batch.checkpoint, next, watermark);
  return {
    messages: plan.messages,
    accepted,
    quarantined: Object.fromEntries(Object.entries(quarantined).sort(([x], [y]) => x.localeCompare(y))),
    duplicates: plan.rows.length - refused.length - accepted + plan.duplicatesInBatch,
    skipped: batch.lines.length - lines.length,
  };
}

/** Inserts rows in savepoints, setting aside each the database refuses as a `store_refused` rejection. */
async function insertIsolating(
  tx: postgres.TransactionSql,
  rows: readonly PlannedTelemetryRow[],
): Promise<{ accepted: number; refused: TelemetryRejection[] }> {
  let accepted = 0;
  const refused = await isolateRefusedRecords(tx, rows, (sp, chunk) => insertRows(sp, chunk.map((r) => r.row)), (n) => {
    accepted += n;
  });
  return {
    accepted,
    refused: refused.map(({ record: { line }, refusal }) => ({
      raw: line.raw, bytes: line.bytes, partition: line.partition, position: line.position,
      reason: "store_refused" as const, detail: describeRefusal(refusal),
    })),
  };
}

/** The latest time among rows whose messages were not refused. */
function latestTime(rows: readonly PlannedTelemetryRow[], refused: readonly TelemetryRejection[]): number | null {
  const refusedAt = new Set(refused.map((r) => `${r.partition}:${r.position}`));
  let latest: number | null = null;
  for (const { row, line } of rows) {
    if (refusedAt.has(`${line.partition}:${line.position}`)) continue;
    if (latest === null || row.time > latest) latest = row.time;
  }
  return latest;
}

/** Inserts rows; returns how many were new. */
async function insertRows(tx: postgres.TransactionSql, rows: readonly TelemetryRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  // The whole batch is one jsonb parameter whose keys are the column names: arrays
  // of text (items) and jsonb (assignments) cannot cross as unnest() parameters.
  const inserted = await tx`
    insert into telemetry_events (request_id, client_request_id, "time", user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason, interleaving)
    select x.request_id, x.client_request_id, ${timestampSql(tx, tx`x."time"`)}, x.user_id, x.status, x.latency_ms, x.pool,
      x.model_version, x.rules_version, x.assignments,
      array(select e.item from jsonb_array_elements_text(x.items) with ordinality as e(item, n) order by e.n),
      x.fallback, x.fallback_reason, x.interleaving
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(request_id text, client_request_id text, "time" float8,
      user_id int, status int2, latency_ms float4, pool text, model_version text, rules_version int, assignments jsonb,
      items jsonb, fallback boolean, fallback_reason text, interleaving jsonb)
    on conflict (request_id) do nothing
    returning request_id`;
  return inserted.length;
}
