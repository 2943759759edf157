/**
 * Times cross the driver as epoch milliseconds in both directions: drizzle replaces
 * postgres.js's date parsers on the shared client, so Date objects are not portable (and
 * every time in this code base is epoch ms anyway). These build the conversions once,
 * and parse what comes back, instead of `(extract(epoch from x) * 1000)::float8`, its
 * rounded form and `to_timestamp(x / 1000.0)` written by hand. Runtime-neutral: the router uses it too.
 */
import type postgres from "postgres";
import { z } from "zod";

/** A client or the transaction a reader runs in. */
type Queries = postgres.ISql;

/**
 * SQL float8: a timestamptz in epoch milliseconds (fractions of a millisecond kept; null
 * stays null). `time` is a column name (`"fetched_at"`, `"r.time"`) or an SQL fragment
 * (`` sql`max(fetched_at)` ``).
 */
export function epochMsSql(sql: Queries, time: string | postgres.Fragment): postgres.Fragment {
  return sql`(extract(epoch from ${_time(sql, time)}) * 1000)::float8`;
}

/**
 * SQL float8: a timestamptz in whole epoch milliseconds, rounded to the nearest (null
 * stays null). Postgres keeps microseconds; a reader that matches times against the
 * whole milliseconds JavaScript and the stream carry, or reads them as integers, rounds.
 */
export function roundedEpochMsSql(sql: Queries, time: string | postgres.Fragment): postgres.Fragment {
  return sql`round(extract(epoch from ${_time(sql, time)}) * 1000)::float8`;
}

// A column name becomes a quoted identifier (`r.time` → "r"."time"); a fragment stays as it is.
function _time(sql: Queries, time: string | postgres.Fragment): postgres.Fragment {
  return typeof time === "string" ? sql`${sql(time)}` : time;
}

/**
 * SQL timestamptz: the instant `ms` (epoch milliseconds) names; null stays null. `ms` is
 * a value, sent as a parameter, or an SQL fragment that gives epoch ms (a column of a
 * batch unnested into rows: `` sql`x.t` ``).
 */
export function timestampSql(sql: Queries, ms: number | null | postgres.Fragment): postgres.Fragment {
  return typeof ms === "object" && ms !== null ? sql`to_timestamp((${ms})::float8 / 1000.0)` : sql`to_timestamp(${ms}::float8 / 1000.0)`;
}

/**
 * Epoch milliseconds as a row carries them: float8 arrives as a number, bigint and numeric
 * as a string. Refuses anything else, and a string that is not a finite number.
 */
export const EpochMs = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]).pipe(z.number().finite());
export type EpochMs = z.infer<typeof EpochMs>;

/** One row checked against `Row`; throws naming `what` and the first problem, as a broken schema is no expected outcome. */
export function parseRow<T extends z.ZodType>(Row: T, row: unknown, what: string): z.infer<T> {
  const parsed = Row.safeParse(row);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`Cannot read ${what}: ${issue?.path.join(".") || "row"} ${issue?.message ?? "is invalid"}: current value is ${_show(row)}`);
}

// JSON where it can (a bigint cannot), else plain text.
function _show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
