/**
 * Reads `data_snapshots` (shared/db/schema.ts), the frozen training data sets the data
 * refresh and training record (trainer/snapshot/create-snapshot.ts writes them): the
 * newest one, which says when the data was last refreshed and up to when. The status page
 * (router, Deno) calls it, so it uses only postgres.js, zod and relative imports; times
 * are epoch milliseconds, jsonb travels as text.
 */
import type postgres from "postgres";
import { z } from "zod";
import { EpochMs, epochMsSql, parseRow } from "../infra/db/epoch-sql.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

export type DataSnapshotSummary = {
  readonly id: string;
  readonly source: string;
  /** When it was first recorded: the same data taken again keeps its id and this time. */
  readonly createdAt: number;
  /** Events at or before this time are in it; null when taken without a cutoff. */
  readonly cutoff: number | null;
  /** The newest event time in it. */
  readonly timeTo: number | null;
  /** Rows by kind (`watch`, `ratings`). */
  readonly rows: Readonly<Record<string, number>>;
};

const Row = z.object({
  id: z.string(),
  source: z.string(),
  created_at: EpochMs,
  cutoff: EpochMs.nullable(),
  time_to: EpochMs.nullable(),
  rows: z.string(),
});
const Rows = z.record(z.string().max(100), z.number().int().nonnegative());

const _ms = (t: number | null) => (t === null ? null : Math.round(t));

/** The snapshot recorded last, or null when there is none. */
export async function readLatestDataSnapshot(sql: Sql): Promise<DataSnapshotSummary | null> {
  const [raw] = await sql`
    select id, source, ${epochMsSql(sql, "created_at")} as created_at, ${epochMsSql(sql, "cutoff")} as cutoff,
      ${epochMsSql(sql, "time_to")} as time_to, rows::text as rows
    from data_snapshots
    order by created_at desc, id desc
    limit 1`;
  if (!raw) return null;
  const r = parseRow(Row, raw, "the latest data snapshot");
  const rows = Rows.safeParse(JSON.parse(r.rows));
  return {
    id: r.id, source: r.source, createdAt: Math.round(r.created_at), cutoff: _ms(r.cutoff), timeTo: _ms(r.time_to),
    rows: rows.success ? rows.data : {},
  };
}
