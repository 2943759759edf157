/**
 * The one writer of experiment_designs (shared/db/experiment-schema.ts), through
 * postgres.js: the same client updateRules uses. Every read goes through
 * read-models/read-experiment-designs.ts, the reader the status page calls too.
 */
import type postgres from "postgres";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import type { RunTimes } from "../design/next-design-times.ts";
import type { NewExperimentDesign } from "../design/split-experiment-document.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

/** Inserts a design; false when one with that key exists already. */
export async function insertExperimentDesign(
  sql: Sql,
  design: NewExperimentDesign,
  createdBy: string,
): Promise<boolean> {
  const rows = await sql`
    insert into experiment_designs (key, hypothesis, control_variant, primary_metric,
      guardrail_metrics, conversion_window_ms, equivalence_margin, observation_window_ms, planned_users, created_by)
    values (${design.key}, ${design.hypothesis}, ${design.controlVariant}, ${design.primaryMetric},
      array(select jsonb_array_elements_text(${JSON.stringify(design.guardrailMetrics)}::jsonb)),
      ${design.conversionWindowMs}, ${design.equivalenceMargin}::float8, ${design.observationWindowMs}, ${design.plannedUsers}::integer, ${createdBy})
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
  // A null time stays null, which clears the column.
  await sql`
    update experiment_designs set
      started_at = ${timestampSql(sql, ms(times.startedAt))},
      stopped_at = ${timestampSql(sql, ms(times.stoppedAt))},
      stream_started_at = ${timestampSql(sql, ms(times.streamStartedAt))},
      stream_stopped_at = ${timestampSql(sql, ms(times.streamStoppedAt))}
    where key = ${key}`;
}
