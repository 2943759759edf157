/**
 * Takes a training snapshot of the event store: select rows up to the cutoff,
 * clean them, name them by content hash, freeze them to files and record them in
 * `data_snapshots`. Taking the same snapshot twice yields the same id and no new rows.
 */
import type postgres from "postgres";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import { cleanTrainingRows } from "./clean-training-rows.ts";
import { writeSnapshot } from "./snapshot-files.ts";
import { snapshotContentHash, snapshotId } from "./snapshot-id.ts";
import type { SnapshotMeta } from "./snapshot-meta.ts";
import { selectTrainingRows } from "./select-training-rows.ts";
import type { CleaningRules, TrainingRows } from "./training-rows.ts";

/** Earliest and latest event time over both kinds of rows, or nulls when empty. */
export function timeRangeOf(rows: TrainingRows): { from: number | null; to: number | null } {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const data of [rows.ratings, rows.watch]) {
    for (let r = 0; r < data.length; r++) {
      if (data.times[r] < from) from = data.times[r];
      if (data.times[r] > to) to = data.times[r];
    }
  }
  return Number.isFinite(from) ? { from, to } : { from: null, to: null };
}

/** Snapshot meta for rows from `source`, given the filters that selected and cleaned them. */
export function describeSnapshot(rows: TrainingRows, source: string, cutoff: number | null, filters: Record<string, unknown>, excluded: Record<string, number>): SnapshotMeta {
  const contentHash = snapshotContentHash(rows);
  return {
    id: snapshotId(contentHash), contentHash, source, cutoff,
    rows: { ratings: rows.ratings.length, watch: rows.watch.length },
    timeRange: timeRangeOf(rows), filters, excluded,
  };
}

/** Selects, cleans, freezes and records a snapshot of the event store. */
export async function createSnapshot(
  sql: postgres.Sql,
  options: { cutoff: number; rules: CleaningRules; dir: string },
): Promise<{ meta: SnapshotMeta; rows: TrainingRows; path: string }> {
  const selected = await selectTrainingRows(sql, options.cutoff);
  const { rows, excluded } = cleanTrainingRows(selected, options.rules);
  const meta = describeSnapshot(rows, "event-store", options.cutoff, { cleaning: options.rules, selection: "latest rating and watch session per (user, movie) at or before the cutoff" }, excluded);
  const path = writeSnapshot(options.dir, meta, rows);
  await sql`
    insert into data_snapshots (id, source, cutoff, rows, time_from, time_to, filters, excluded)
    values (${meta.id}, ${meta.source}, ${timestampSql(sql, options.cutoff)}, ${JSON.stringify(meta.rows)}::jsonb,
      ${timestampSql(sql, meta.timeRange.from)}, ${timestampSql(sql, meta.timeRange.to)},
      ${JSON.stringify({ ...meta.filters, contentHash: meta.contentHash, path })}::jsonb, ${JSON.stringify(excluded)}::jsonb)
    on conflict (id) do nothing`;
  return { meta, rows, path };
}
