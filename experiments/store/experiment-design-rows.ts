/**
 * The experiment_designs table (shared/db/experiment-schema.ts) through postgres.js: the
 * same client updateRules uses. Rows are validated on the way out, as any jsonb or
 * hand-edited table is.
 */
import type postgres from "postgres";
import { z } from "zod";
import { MetricKey } from "../report/metric-definitions.ts";
import type { RunTimes } from "../design/next-design-times.ts";
import type { NewExperimentDesign } from "../design/split-experiment-document.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

/** A timestamp column selected as epoch milliseconds (see COLUMNS), as a Date. */
const Time = z.number().transform((ms) => new Date(ms));

/** A stored design, with when the experiment ran on the wall clock and on the stream's clock. */
export const ExperimentDesign = z.object({
  key: z.string(),
  hypothesis: z.string(),
  controlVariant: z.string(),
  primaryMetric: MetricKey,
  guardrailMetrics: z.array(MetricKey),
  conversionWindowMs: z.number().int(),
  createdAt: Time,
  createdBy: z.string(),
  startedAt: Time.nullable(),
  stoppedAt: Time.nullable(),
  streamStartedAt: Time.nullable(),
  streamStoppedAt: Time.nullable(),
});
export type ExperimentDesign = z.infer<typeof ExperimentDesign>;

const epochMs = (column: string) =>
  `(extract(epoch from ${column}) * 1000)::float8 as "${
    column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())
  }"`;

// Times as epoch milliseconds: how postgres.js returns a timestamptz depends on the
// protocol a query takes (text on some paths), a float8 is a number on all of them.
// The array as JSON text, for the same reason.
const COLUMNS = [
  "key",
  "hypothesis",
  'control_variant as "controlVariant"',
  'primary_metric as "primaryMetric"',
  'to_json(guardrail_metrics)::text as "guardrailMetrics"',
  'conversion_window_ms as "conversionWindowMs"',
  epochMs("created_at"),
  'created_by as "createdBy"',
  epochMs("started_at"),
  epochMs("stopped_at"),
  epochMs("stream_started_at"),
  epochMs("stream_stopped_at"),
].join(", ");

/** A selected row as a design; the guardrails arrive as JSON text. */
function toDesign(row: Record<string, unknown>): ExperimentDesign {
  return ExperimentDesign.parse({
    ...row,
    guardrailMetrics: JSON.parse(String(row.guardrailMetrics)),
  });
}

/** Every stored design, by key. */
export async function readExperimentDesigns(sql: Sql): Promise<ExperimentDesign[]> {
  const rows = await sql.unsafe(`select ${COLUMNS} from experiment_designs order by key`);
  return rows.map(toDesign);
}

/** The design of `key`, or null. */
export async function readExperimentDesign(
  sql: Sql,
  key: string,
): Promise<ExperimentDesign | null> {
  const [row] = await sql.unsafe(`select ${COLUMNS} from experiment_designs where key = $1`, [key]);
  return row === undefined ? null : toDesign(row);
}

/** Inserts a design; false when one with that key exists already. */
export async function insertExperimentDesign(
  sql: Sql,
  design: NewExperimentDesign,
  createdBy: string,
): Promise<boolean> {
  const rows = await sql`
    insert into experiment_designs (key, hypothesis, control_variant, primary_metric,
      guardrail_metrics, conversion_window_ms, created_by)
    values (${design.key}, ${design.hypothesis}, ${design.controlVariant}, ${design.primaryMetric},
      array(select jsonb_array_elements_text(${JSON.stringify(design.guardrailMetrics)}::jsonb)),
      ${design.conversionWindowMs}, ${createdBy})
    on conflict (key) do nothing
    returning key`;
  return rows.length === 1;
}

/** Removes a design (undoing a create whose rules write failed). */
export async function deleteExperimentDesign(sql: Sql, key: string): Promise<void> {
  await sql`delete from experiment_designs where key = ${key}`;
}

/** Sets a design's run times (all four, so a restore puts back exactly what was there). */
export async function writeDesignTimes(sql: Sql, key: string, times: RunTimes): Promise<void> {
  const ms = (date: Date | null) => (date === null ? null : date.getTime());
  // to_timestamp(null) is null, which clears the column.
  await sql`
    update experiment_designs set
      started_at = to_timestamp(${ms(times.startedAt)}::float8 / 1000.0),
      stopped_at = to_timestamp(${ms(times.stoppedAt)}::float8 / 1000.0),
      stream_started_at = to_timestamp(${ms(times.streamStartedAt)}::float8 / 1000.0),
      stream_stopped_at = to_timestamp(${ms(times.streamStoppedAt)}::float8 / 1000.0)
    where key = ${key}`;
}
