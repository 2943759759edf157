/**
 * Applies records inside one open transaction so that records the database
 * refuses are set aside instead of failing the rest. Each attempt runs in a
 * savepoint; a refused attempt is rolled back to it and split in halves until the
 * refused records stand alone. Everything else commits with the caller's
 * transaction (and its checkpoint), so exactly-once is kept. An error about the
 * database's availability is thrown on unchanged, for the caller to retry.
 */
import type postgres from "postgres";
import { databaseRefusal, type DatabaseRefusal } from "./database-refusal.ts";

/** A record the database refused, with its words. */
export type RefusedRecord<T> = { readonly record: T; readonly refusal: DatabaseRefusal };

/**
 * Runs `apply` over `records` in order, in chunks, each chunk in its own savepoint of
 * `tx`. `onApplied` receives each chunk's result once its savepoint is released, so a
 * caller that threads state from chunk to chunk (a watermark) only sees applied work.
 * Returns the records that were refused on their own, in input order.
 */
export async function isolateRefusedRecords<T, R>(
  tx: postgres.TransactionSql,
  records: readonly T[],
  apply: (sql: postgres.TransactionSql, chunk: readonly T[]) => Promise<R>,
  onApplied: (result: R) => void,
): Promise<RefusedRecord<T>[]> {
  const refused: RefusedRecord<T>[] = [];
  const attempt = async (chunk: readonly T[]): Promise<void> => {
    if (chunk.length === 0) return;
    try {
      const result = await tx.savepoint((sp) => apply(sp, chunk)) as R;
      onApplied(result);
    } catch (error) {
      const refusal = databaseRefusal(error);
      if (refusal === null) throw error;
      if (chunk.length === 1) {
        refused.push({ record: chunk[0], refusal });
        return;
      }
      const middle = chunk.length >>> 1;
      await attempt(chunk.slice(0, middle));
      await attempt(chunk.slice(middle));
    }
  };
  await attempt(records);
  return refused;
}

/**
 * Runs `work(isolate)` in a transaction, first with `isolate` false (the fast path:
 * no savepoints); when the database refuses something in it, runs it once more in a
 * new transaction with `isolate` true, where the work isolates refused records with
 * isolateRefusedRecords. Availability errors propagate from either attempt.
 */
export async function withRefusalIsolation<R>(
  sql: postgres.Sql,
  work: (tx: postgres.TransactionSql, isolate: boolean) => Promise<R>,
): Promise<R> {
  try {
    return await sql.begin((tx) => work(tx, false)) as R;
  } catch (error) {
    if (databaseRefusal(error) === null) throw error;
    return await sql.begin((tx) => work(tx, true)) as R;
  }
}
