/** Writes refused messages to the `quarantine` table, losslessly and once per source position. */
import type postgres from "postgres";

/** A refused message: where it came from, its bytes, a reason code and a human-readable detail. */
export type QuarantineRow = {
  readonly raw: string;
  /** The original bytes when they may not survive decoding (Kafka values); stored as-is. */
  readonly bytes?: Uint8Array;
  readonly reason: string;
  readonly detail: string;
  readonly partition: number;
  readonly position: number;
};

/** The longest detail kept: details name values, and a value may be as long as a line. */
const MAX_DETAIL_LENGTH = 2000;

/** A detail Postgres text can hold: no NUL, bounded. */
function storableDetail(detail: string): string {
  return detail.replaceAll("\u0000", "\\0").slice(0, MAX_DETAIL_LENGTH);
}

/** Inserts `rows` under `source` in one statement; a position already quarantined is left as it is. */
export async function insertQuarantine(tx: postgres.TransactionSql, source: string, rows: readonly QuarantineRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Raw bytes travel as hex: lossless for anything a producer sent, NUL included.
  await tx`
    insert into quarantine (source, partition, position, raw, reason, detail)
    select ${source}, p, pos, decode(h, 'hex'), r, d
    from unnest(${rows.map((q) => q.partition)}::int[], ${rows.map((q) => q.position)}::int8[],
      ${rows.map((q) => Buffer.from(q.bytes ?? new TextEncoder().encode(q.raw)).toString("hex"))}::text[],
      ${rows.map((q) => q.reason)}::text[], ${rows.map((q) => storableDetail(q.detail))}::text[]) as x(p, pos, h, r, d)
    on conflict on constraint quarantine_position_key do nothing`;
}
