/**
 * The status page's Postgres reads, every table through its one reader: ingestion's
 * sampled partitions, the last hour's quarantines, the stream clock, the registry's
 * standing and the newest data snapshot, the release, the experiments' designs and users,
 * and the chart counts. Times travel as epoch-millisecond float8 and lists
 * as JSON text, since the router's client and the embedded database mishandle date and
 * array parameters; jsonb comes back as text for the same reason.
 */
import type postgres from "postgres";
import { z } from "zod";
import { epochMsSql, timestampSql } from "../../infra/db/epoch-sql.ts";
import { availableSql, countedRequestSql, degradedSql } from "../../measurement/availability/availability-sql.ts";
import { convertedSql, shownListsSql } from "../../measurement/conversion/conversion-sql.ts";
import { armExposuresSql } from "../../measurement/exposure/arm-exposures-sql.ts";
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import { readStreamClock } from "../../measurement/stream-clock.ts";
import { readLatestDataSnapshot } from "../../read-models/read-data-snapshots.ts";
import { readExperimentDesigns } from "../../read-models/read-experiment-designs.ts";
import { readPartitionStatus } from "../../read-models/read-partition-status.ts";
import { readQuarantineCounts } from "../../read-models/read-quarantine.ts";
import { readLatestRelease } from "../../read-models/read-releases.ts";
import { readRegistryStanding } from "../../registry/read-model-standing.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../../shared/telemetry/conversion-window.ts";
import { chartWindow } from "./chart-window.ts";
import type {
  BucketCounts,
  ConversionSnapshot,
  CountWindow,
  DesignSnapshot,
  SeriesSnapshot,
  StatusReader,
  StatusSnapshot,
  VariantUsers,
} from "./status-snapshot.ts";

export type StatusReadOptions = {
  /** How far back the charts look, in hours. */
  hours: number;
  bucketMs: number;
  /** The site's client timeout: an answer at or after it is unavailable (measurement/site-timeout.ts). */
  clientTimeoutMs: number;
  /** A recommended movie started within this stream time after the answer is a conversion. */
  conversionWindowMs: number;
  /** The movielog topic, whose ingested watermark is the stream's clock (measurement/stream-clock.ts). */
  streamTopic: string;
  /** How far back, in wall-clock time, quarantines are counted. */
  quarantineWindowMs?: number;
  /** How many of the newest models show their gate verdict. */
  recentModels?: number;
};

/** Quarantines are counted over the last hour of wall-clock time: what ingestion is refusing now. */
export const QUARANTINE_WINDOW_MS = 3_600_000;

export const DEFAULT_STATUS_READ_OPTIONS: StatusReadOptions = {
  hours: 6,
  bucketMs: 5 * 60_000,
  clientTimeoutMs: SITE_CLIENT_TIMEOUT_MS,
  conversionWindowMs: DEFAULT_CONVERSION_WINDOW_MS,
  // The default of KAFKA_TOPIC everywhere; the router has no topic setting of its own yet.
  streamTopic: "movielog",
};

const UsersRow = z.object({ experiment: z.string(), variant: z.string(), users: z.int() });
const BucketRow = z.object({ start: z.number(), total: z.int(), good: z.int(), degraded: z.int().optional() });

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
    async read({ now, experiments }) {
      // One connection, one query at a time: the router's pool is small and the rules poll
      // shares it; the statement timeout gives a stuck read's connection back.
      const snapshot = await sql.begin(async (tx) => {
        await tx.unsafe(`set local statement_timeout = ${READ_TIMEOUT_MS}`);
        const release = await readLatestRelease(tx);
        const designs = await readDesigns(tx, experiments);
        const windows = countWindows(experiments, designs, now, options);
        const streamClock = await readStreamClock(tx, options.streamTopic);
        const quarantine = { from: now - (options.quarantineWindowMs ?? QUARANTINE_WINDOW_MS), to: now };
        return {
          readAt: now,
          dataPath: {
            partitions: await readPartitionStatus(tx),
            quarantine: { ...quarantine, counts: await readQuarantineCounts(tx, quarantine) },
            streamClock,
          },
          latestData: await readLatestDataSnapshot(tx),
          release,
          designs,
          windows,
          variantUsers: await readVariantUsers(tx, windows),
          availability: await readAvailability(tx, now, options),
          conversion: await readConversion(tx, streamClock, options),
        };
      });
      // The registry's readers take the client, not a transaction: after it, still one at a time.
      const { latestData, ...rest } = snapshot;
      const registry = await readRegistryStanding(sql, options.recentModels ?? 5);
      const read: StatusSnapshot = { ...rest, models: { ...registry, latestData } };
      return read;
    },
  };
}

/** The designs of the running experiments, from the table's one reader. */
async function readDesigns(sql: Queries, keys: readonly string[]): Promise<DesignSnapshot[]> {
  const ms = (t: Date | null) => (t === null ? null : t.getTime());
  return (await readExperimentDesigns(sql, keys)).map((d) => ({
    key: d.key,
    hypothesis: d.hypothesis,
    startedAt: ms(d.startedAt),
    stoppedAt: ms(d.stoppedAt),
  }));
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

/** Single-variant users per variant in each experiment's window (measurement/exposure: mixed users left out). */
async function readVariantUsers(
  sql: Queries,
  windows: readonly CountWindow[],
): Promise<VariantUsers[]> {
  const out: VariantUsers[] = [];
  for (const w of windows) {
    const rows = await sql`
      select ${w.experiment}::text as experiment, e.arm as variant, count(*)::int as users
      from (${armExposuresSql(sql, w, { experiment: w.experiment })}) e
      where e.arms = 1 group by e.arm order by e.arm`;
    out.push(...rows.map((raw) => UsersRow.parse(raw)));
  }
  return out;
}

/**
 * Per bucket of the router's clock, by measurement/availability: requests with a valid
 * user id, those available (200 before the site's timeout, fallback answers included),
 * and those degraded (available from the fallback list). A 400 for a path without a
 * user id is the client's error, not unavailability.
 */
async function readAvailability(
  sql: Queries,
  now: number,
  options: StatusReadOptions,
): Promise<SeriesSnapshot> {
  const { from, to } = chartWindow(now, options.hours, options.bucketMs);
  const rows = await sql`
    select (floor(${epochMsSql(sql, "time")} / ${options.bucketMs}::float8)
        * ${options.bucketMs}::float8)::float8 as start,
      count(*)::int as total,
      count(*) filter (where ${availableSql(sql, "telemetry_events", options.clientTimeoutMs)})::int as good,
      count(*) filter (where ${degradedSql(sql, "telemetry_events", options.clientTimeoutMs)})::int as degraded
    from telemetry_events
    where time >= ${timestampSql(sql, from)} and time < ${timestampSql(sql, to)}
      and ${countedRequestSql(sql, "telemetry_events")}
    group by 1
    order by 1`;
  return { from, to, bucketMs: options.bucketMs, buckets: bucketRows(rows) };
}

/**
 * Per bucket of the stream's own clock (measurement/stream-clock.ts, which runs ahead of
 * the wall clock in a sped-up simulation): the site's shown lists, and those converted
 * (measurement/conversion). Buckets within one window of the clock are still open.
 */
async function readConversion(
  sql: Queries,
  streamEnd: number | null,
  options: StatusReadOptions,
): Promise<ConversionSnapshot | null> {
  if (streamEnd === null) return null;
  const { from, to } = chartWindow(streamEnd, options.hours, options.bucketMs);
  const rows = await sql`
    with shown as (
      select r.user_id, r.time, r.items from recommendation_events r where ${shownListsSql(sql, { from, to }, "r")}
    )
    select (floor(${epochMsSql(sql, "s.time")} / ${options.bucketMs}::float8)
        * ${options.bucketMs}::float8)::float8 as start,
      count(*)::int as total,
      count(*) filter (where ${convertedSql(sql, "s", options.conversionWindowMs)})::int as good
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
    const counts = { start: Math.round(row.start), total: row.total, good: row.good };
    return row.degraded === undefined ? counts : { ...counts, degraded: row.degraded };
  });
}
