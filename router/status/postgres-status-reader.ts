/**
 * The status page's Postgres reads. Times travel as epoch-millisecond float8 and lists
 * as JSON text, since the router's client and the embedded database mishandle date and
 * array parameters; jsonb comes back as text for the same reason.
 */
import type postgres from "postgres";
import { z } from "zod";
import { ReleaseState, TERMINAL_PHASES } from "../../release/state/release-state.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../../shared/telemetry/conversion-window.ts";
import { chartWindow } from "./chart-window.ts";
import type {
  BucketCounts,
  ConversionSnapshot,
  CountWindow,
  DesignSnapshot,
  ReleaseSnapshot,
  SeriesSnapshot,
  StatusReader,
  StatusSnapshot,
  VariantUsers,
} from "./status-snapshot.ts";

export type StatusReadOptions = {
  /** How far back the charts look, in hours. */
  hours: number;
  bucketMs: number;
  /** An answer slower than this counts as unavailable. */
  goodLatencyMs: number;
  /** A recommended movie started within this stream time after the answer is a conversion. */
  conversionWindowMs: number;
};

export const DEFAULT_STATUS_READ_OPTIONS: StatusReadOptions = {
  hours: 6,
  bucketMs: 5 * 60_000,
  goodLatencyMs: 800,
  conversionWindowMs: DEFAULT_CONVERSION_WINDOW_MS,
};

const ReleaseRow = z.object({ id: z.number(), state: z.string(), updated_at: z.number() });
const DesignRow = z.object({
  key: z.string(),
  hypothesis: z.string(),
  started_at: z.number().nullable(),
  stopped_at: z.number().nullable(),
});
const UsersRow = z.object({ experiment: z.string(), variant: z.string(), users: z.int() });
const BucketRow = z.object({ start: z.number(), total: z.int(), good: z.int() });

/** The reader over the router's `sql`; every call reads everything once. */
/** What the reads run on: the transaction that bounds them. */
type Queries = postgres.Sql | postgres.TransactionSql;

/** Longest a status query may run before Postgres cancels it. */
const READ_TIMEOUT_MS = 5000;

export function postgresStatusReader(
  sql: postgres.Sql,
  options: StatusReadOptions = DEFAULT_STATUS_READ_OPTIONS,
): StatusReader {
  return {
    read({ now, experiments }) {
      // One connection, one query at a time: the router's pool is small and the rules poll
      // shares it; the statement timeout gives a stuck read's connection back.
      return sql.begin(async (tx) => {
        await tx.unsafe(`set local statement_timeout = ${READ_TIMEOUT_MS}`);
        const release = await readRelease(tx);
        const designs = await readDesigns(tx, experiments);
        const windows = countWindows(experiments, designs, now, options);
        const snapshot: StatusSnapshot = {
          readAt: now,
          release,
          designs,
          windows,
          variantUsers: await readVariantUsers(tx, windows),
          availability: await readAvailability(tx, now, options),
          conversion: await readConversion(tx, options),
        };
        return snapshot;
      }) as Promise<StatusSnapshot>;
    },
  };
}

/** The active release, else the newest finished one; null when there never was one. */
async function readRelease(sql: Queries): Promise<ReleaseSnapshot | null> {
  const terminal = JSON.stringify(TERMINAL_PHASES);
  const [raw] = await sql`
    select id::float8 as id, state::text as state,
      (extract(epoch from updated_at) * 1000)::float8 as updated_at
    from releases
    order by phase in (select jsonb_array_elements_text(${terminal}::jsonb)), id desc
    limit 1`;
  if (!raw) return null;
  const row = ReleaseRow.parse(raw);
  const state = ReleaseState.safeParse(JSON.parse(row.state));
  if (!state.success) {
    const issues = state.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    return { ok: false, id: row.id, reason: `stored state is invalid: ${issues.join("; ")}` };
  }
  return { ok: true, state: state.data, updatedAt: Math.round(row.updated_at) };
}

async function readDesigns(
  sql: Queries,
  keys: readonly string[],
): Promise<DesignSnapshot[]> {
  if (keys.length === 0) return [];
  const rows = await sql`
    select key, hypothesis,
      (extract(epoch from started_at) * 1000)::float8 as started_at,
      (extract(epoch from stopped_at) * 1000)::float8 as stopped_at
    from experiment_designs
    where key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
    order by key`;
  return rows.map((raw) => {
    const row = DesignRow.parse(raw);
    const ms = (t: number | null) => (t === null ? null : Math.round(t));
    return {
      key: row.key,
      hypothesis: row.hypothesis,
      startedAt: ms(row.started_at),
      stoppedAt: ms(row.stopped_at),
    };
  });
}

/** Each running experiment's run so far; without a start time, the charts' window. */
function countWindows(
  keys: readonly string[],
  designs: readonly DesignSnapshot[],
  now: number,
  options: StatusReadOptions,
): CountWindow[] {
  const fallbackFrom = now - options.hours * 3_600_000;
  return keys.map((experiment) => {
    const startedAt = designs.find((d) => d.key === experiment)?.startedAt ?? null;
    return { experiment, from: startedAt ?? fallbackFrom, to: now };
  });
}

/** Distinct users per variant among answered-OK requests carrying the assignment in its window. */
async function readVariantUsers(
  sql: Queries,
  windows: readonly CountWindow[],
): Promise<VariantUsers[]> {
  if (windows.length === 0) return [];
  const json = JSON.stringify(windows);
  const rows = await sql`
    with w as (
      select x.experiment, x."from", x."to"
      from jsonb_to_recordset(${json}::jsonb) as x(experiment text, "from" float8, "to" float8)
    )
    select w.experiment, a.value ->> 'variant' as variant, count(distinct t.user_id)::int as users
    from w
      join telemetry_events t
        on t.time >= to_timestamp(w."from" / 1000.0) and t.time < to_timestamp(w."to" / 1000.0)
      cross join lateral jsonb_array_elements(t.assignments) a
    where a.value ->> 'experiment' = w.experiment and t.user_id is not null and t.status = 200
    group by 1, 2
    order by 1, 2`;
  return rows.map((raw) => UsersRow.parse(raw));
}

/**
 * Per bucket of the router's clock: requests with a valid user id, and those answered
 * 200 by a worker (not the fallback list) within the latency bound. A 400 for a path
 * without a user id is the client's error, not unavailability.
 */
async function readAvailability(
  sql: Queries,
  now: number,
  options: StatusReadOptions,
): Promise<SeriesSnapshot> {
  const { from, to } = chartWindow(now, options.hours, options.bucketMs);
  const rows = await sql`
    select (floor((extract(epoch from time) * 1000) / ${options.bucketMs}::float8)
        * ${options.bucketMs}::float8)::float8 as start,
      count(*)::int as total,
      count(*) filter (
        where status = 200 and not fallback and latency_ms <= ${options.goodLatencyMs}::float8
      )::int as good
    from telemetry_events
    where time >= to_timestamp(${from} / 1000.0) and time < to_timestamp(${to} / 1000.0)
      and user_id is not null
    group by 1
    order by 1`;
  return { from, to, bucketMs: options.bucketMs, buckets: bucketRows(rows) };
}

/**
 * Per bucket of the stream's own clock (which runs ahead of the wall clock in a sped-up
 * simulation), up to its newest recommendation event: recommendations the site logged
 * as 200, and those a recommended movie's watch session started within the window after.
 */
async function readConversion(
  sql: Queries,
  options: StatusReadOptions,
): Promise<ConversionSnapshot | null> {
  const [clock] = await sql`
    select (extract(epoch from max(time)) * 1000)::float8 as ms from recommendation_events`;
  if (clock?.ms == null) return null;
  const streamEnd = Math.round(Number(clock.ms));
  const { from, to } = chartWindow(streamEnd, options.hours, options.bucketMs);
  const rows = await sql`
    with shown as (
      select user_id, time, items from recommendation_events
      where time >= to_timestamp(${from} / 1000.0) and time < to_timestamp(${to} / 1000.0)
        and status = 200 and cardinality(items) > 0
    )
    select (floor((extract(epoch from s.time) * 1000) / ${options.bucketMs}::float8)
        * ${options.bucketMs}::float8)::float8 as start,
      count(*)::int as total,
      count(*) filter (where exists (
        select 1 from watch_sessions w
        where w.user_id = s.user_id and w.movie_id = any(s.items) and w.first_time >= s.time
          and w.first_time < s.time + ${options.conversionWindowMs}::float8 * interval '1 millisecond'
      ))::int as good
    from shown s
    group by 1
    order by 1`;
  return {
    from,
    to,
    bucketMs: options.bucketMs,
    buckets: bucketRows(rows),
    streamEnd,
    conversionWindowMs: options.conversionWindowMs,
  };
}

function bucketRows(rows: readonly unknown[]): BucketCounts[] {
  return rows.map((raw) => {
    const row = BucketRow.parse(raw);
    return { start: Math.round(row.start), total: row.total, good: row.good };
  });
}
