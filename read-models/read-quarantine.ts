/**
 * Reads `quarantine` (shared/db/schema.ts), the records ingestion set aside with a reason:
 * how many of each reason arrived over a stretch of wall-clock time (received_at, when
 * ingestion refused them, not the events' own time). The status page (router, Deno) calls
 * it, so it uses only postgres.js, zod and relative imports.
 */
import type postgres from "postgres";
import { z } from "zod";
import { parseRow, timestampSql } from "../infra/db/epoch-sql.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

/** How many records of one source (the topic, or `file`) were quarantined for one reason. */
export type QuarantineCount = { readonly source: string; readonly reason: string; readonly count: number };

const Row = z.object({ source: z.string(), reason: z.string(), count: z.number().int().nonnegative() });

/** Counts by source and reason of the records quarantined in [from, to) (epoch ms; null: unbounded), most first. */
export async function readQuarantineCounts(
  sql: Sql,
  window: { readonly from: number | null; readonly to: number | null },
): Promise<QuarantineCount[]> {
  const from = window.from === null ? sql`'-infinity'::timestamptz` : timestampSql(sql, window.from);
  const to = window.to === null ? sql`'infinity'::timestamptz` : timestampSql(sql, window.to);
  const rows = await sql`
    select source, reason, count(*)::int as count from quarantine
    where received_at >= ${from} and received_at < ${to}
    group by source, reason
    order by count(*) desc, source, reason`;
  return rows.map((raw) => parseRow(Row, raw, "a quarantine count"));
}
