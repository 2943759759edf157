/**
 * The telemetry store on Postgres. A batch is one transaction: lock the partition's
 * checkpoint, skip messages already applied, insert the rows in one statement
 * (a request id already stored is a duplicate, left as it is), quarantine refused
 * messages, then move the checkpoint.
 */
import type postgres from "postgres";
import { planTelemetryBatch, type TelemetryBatchPlan } from "./plan-telemetry-batch.ts";
import { advanceCheckpoint, lockCheckpoint, readCheckpoints } from "./postgres-checkpoint.ts";
import { insertQuarantine } from "./postgres-quarantine.ts";
import type { TelemetryCounts } from "./telemetry-counts.ts";
import type { TelemetryBatch, TelemetryStore } from "./telemetry-store.ts";

/** The `source` of quarantined telemetry messages. */
export const TELEMETRY_QUARANTINE_SOURCE = "telemetry";

/** A TelemetryStore writing through `sql`. */
export function createPostgresTelemetryStore(sql: postgres.Sql): TelemetryStore {
  return {
    applyBatch: (batch) => sql.begin((tx) => applyBatch(tx, batch)) as Promise<TelemetryCounts>,
    checkpoints: (key) => readCheckpoints(sql, key),
  };
}

async function applyBatch(tx: postgres.TransactionSql, batch: TelemetryBatch): Promise<TelemetryCounts> {
  if (batch.lines.length === 0) return { messages: 0, accepted: 0, quarantined: {}, duplicates: 0, skipped: 0 };
  const stored = await lockCheckpoint(tx, batch.checkpoint);
  const lines = batch.lines.filter((l) => l.position >= stored.nextOffset);
  const plan = planTelemetryBatch(lines);
  const accepted = await insertRows(tx, plan);
  await insertQuarantine(tx, TELEMETRY_QUARANTINE_SOURCE, plan.rejections);
  const quarantined: Record<string, number> = {};
  for (const { reason } of plan.rejections) quarantined[reason] = (quarantined[reason] ?? 0) + 1;
  const next = Math.max(...batch.lines.map((l) => l.position)) + 1;
  const watermark = stored.watermark === null || plan.maxEventTime === null
    ? stored.watermark ?? plan.maxEventTime
    : Math.max(stored.watermark, plan.maxEventTime);
  await advanceCheckpoint(tx, batch.checkpoint, next, watermark);
  return {
    messages: plan.messages,
    accepted,
    quarantined: Object.fromEntries(Object.entries(quarantined).sort(([x], [y]) => x.localeCompare(y))),
    duplicates: plan.rows.length - accepted + plan.duplicatesInBatch,
    skipped: batch.lines.length - lines.length,
  };
}

/** Inserts the plan's rows; returns how many were new. */
async function insertRows(tx: postgres.TransactionSql, plan: TelemetryBatchPlan): Promise<number> {
  if (plan.rows.length === 0) return 0;
  // The whole batch is one jsonb parameter whose keys are the column names: arrays
  // of text (items) and jsonb (assignments) cannot cross as unnest() parameters.
  const inserted = await tx`
    insert into telemetry_events (request_id, "time", user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason)
    select x.request_id, to_timestamp(x."time" / 1000.0), x.user_id, x.status, x.latency_ms, x.pool, x.model_version,
      x.rules_version, x.assignments,
      array(select e.item from jsonb_array_elements_text(x.items) with ordinality as e(item, n) order by e.n),
      x.fallback, x.fallback_reason
    from jsonb_to_recordset(${JSON.stringify(plan.rows)}::jsonb) as x(request_id text, "time" float8, user_id int,
      status int2, latency_ms float4, pool text, model_version text, rules_version int, assignments jsonb, items jsonb,
      fallback boolean, fallback_reason text)
    on conflict (request_id) do nothing
    returning request_id`;
  return inserted.length;
}
