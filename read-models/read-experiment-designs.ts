/**
 * The one reader of `experiment_designs` (shared/db/experiment-schema.ts);
 * experiments/store/experiment-design-rows.ts is its one writer. The status page (router,
 * Deno) and the experiments commands and reports (Bun) all call these, so they use only
 * postgres.js, zod and relative imports. Rows are validated on the way out, as any
 * hand-edited table is. Metric keys stay strings here: which keys a report knows is
 * experiments/report/metric-definitions.ts's business, checked where a report is built,
 * so one unknown key cannot break the status page or `experiment list`.
 */
import type postgres from "postgres";
import { z } from "zod";
import { epochMsSql } from "../infra/db/epoch-sql.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

/** A timestamp column selected as epoch milliseconds (see _columns), as a Date. */
const Time = z.number().transform((ms) => new Date(ms));

/** A stored design, with when the experiment ran on the wall clock and on the stream's clock. */
export const ExperimentDesign = z.object({
  key: z.string(),
  hypothesis: z.string(),
  controlVariant: z.string(),
  primaryMetric: z.string(),
  guardrailMetrics: z.array(z.string()),
  conversionWindowMs: z.number().int(),
  /** The relative lift within which the primary metric counts as unchanged ("equivalent"); null: none declared. */
  equivalenceMargin: z.number().nullable(),
  /** How long after their first exposure each user's values are observed, so a user's value is final when it counts. */
  observationWindowMs: z.number().int(),
  /** Users the experiment plans to reach; null: the report's default. */
  plannedUsers: z.number().int().nullable(),
  createdAt: Time,
  createdBy: z.string(),
  startedAt: Time.nullable(),
  stoppedAt: Time.nullable(),
  streamStartedAt: Time.nullable(),
  streamStoppedAt: Time.nullable(),
});
export type ExperimentDesign = z.infer<typeof ExperimentDesign>;

/** A timestamp column as epoch milliseconds, named in camelCase. */
const _time = (sql: Sql, column: string) =>
  sql`${epochMsSql(sql, column)} as ${sql(column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()))}`;

// Times as epoch milliseconds: how postgres.js returns a timestamptz depends on the
// protocol a query takes (text on some paths) and the runtime, a float8 is a number on
// all of them. The array as JSON text, for the same reason.
const _columns = (sql: Sql) =>
  sql`key, hypothesis, control_variant as "controlVariant", primary_metric as "primaryMetric",
    to_json(guardrail_metrics)::text as "guardrailMetrics", conversion_window_ms as "conversionWindowMs",
    equivalence_margin as "equivalenceMargin", observation_window_ms as "observationWindowMs",
    planned_users as "plannedUsers",
    ${_time(sql, "created_at")}, created_by as "createdBy", ${_time(sql, "started_at")}, ${_time(sql, "stopped_at")},
    ${_time(sql, "stream_started_at")}, ${_time(sql, "stream_stopped_at")}`;

/** A selected row as a design; the guardrails arrive as JSON text. */
function _toDesign(row: Record<string, unknown>): ExperimentDesign {
  return ExperimentDesign.parse({ ...row, guardrailMetrics: JSON.parse(String(row.guardrailMetrics)) });
}

/** The stored designs by key: every one, or only those of `keys` (an empty list reads none). */
export async function readExperimentDesigns(sql: Sql, keys?: readonly string[]): Promise<ExperimentDesign[]> {
  if (keys === undefined) {
    const rows = await sql`select ${_columns(sql)} from experiment_designs order by key`;
    return rows.map(_toDesign);
  }
  if (keys.length === 0) return [];
  // The keys as one jsonb parameter: the router's client mishandles array parameters.
  const rows = await sql`
    select ${_columns(sql)} from experiment_designs
    where key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)) order by key`;
  return rows.map(_toDesign);
}

/** The design of `key`, or null. */
export async function readExperimentDesign(sql: Sql, key: string): Promise<ExperimentDesign | null> {
  const [row] = await sql`select ${_columns(sql)} from experiment_designs where key = ${key}`;
  return row === undefined ? null : _toDesign(row);
}
