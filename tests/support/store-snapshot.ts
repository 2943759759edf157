/**
 * The event store's content in a comparable, order-free form, read from Postgres
 * or derived from the in-memory store fed with the same lines. Two snapshots are
 * equal exactly when no event was lost or double-counted.
 */
import type postgres from "postgres";
import { createMemoryEventStore } from "../../ingest/memory-event-store.ts";
import { addCounts, emptyCounts, type IngestCounts } from "../../ingest/ingest-counts.ts";
import type { FixtureLine } from "./movielog-fixture.ts";

export type StoreSnapshot = {
  sessions: string[];
  ratings: string[];
  recommendations: string[];
  quarantine: Record<string, number>;
  totals: IngestCounts;
};

/** Reads the snapshot from a migrated database. */
export async function readStoreSnapshot(sql: postgres.Sql): Promise<StoreSnapshot> {
  const sessions = await sql`
    select user_id || ' ' || movie_id || ' ' || (extract(epoch from first_time) * 1000)::bigint || ' '
      || (extract(epoch from last_time) * 1000)::bigint || ' ' || array_to_string(minutes, ',') as s
    from watch_sessions order by 1`;
  const ratings = await sql`
    select user_id || ' ' || movie_id || ' ' || (extract(epoch from time) * 1000)::bigint || ' ' || rating as s
    from rating_history order by 1`;
  const recommendations = await sql`
    select user_id || ' ' || (extract(epoch from time) * 1000)::bigint || ' ' || server as s
    from recommendation_events order by 1`;
  const quarantine = await sql`select reason, count(*)::int as n from quarantine group by reason order by reason`;
  const batches = await sql`select lines, accepted, rejected, duplicates from ingest_batches`;
  let totals = emptyCounts();
  for (const b of batches) totals = addCounts(totals, { lines: b.lines, accepted: b.accepted, rejected: b.rejected, duplicates: b.duplicates });
  return {
    sessions: sortStrings(sessions.map((r) => r.s)),
    ratings: sortStrings(ratings.map((r) => r.s)),
    recommendations: sortStrings(recommendations.map((r) => r.s)),
    quarantine: Object.fromEntries(quarantine.map((r) => [r.reason, r.n])),
    totals,
  };
}

/** What the store must hold after ingesting `lines` exactly once, whatever the batching. */
export async function expectedStoreSnapshot(lines: readonly FixtureLine[]): Promise<StoreSnapshot> {
  const store = createMemoryEventStore({ lateToleranceMs: 60_000 });
  const outcome = await store.applyBatch({
    source: "expected",
    checkpoint: null,
    lines: lines.map((l, i) => ({ raw: l.line, partition: -1, position: i })),
  });
  const key = (s: string) => s.split("\u0000").join(" ");
  return {
    sessions: sortStrings([...store.sessions.values()].map((s) => `${s.userId} ${s.movieId} ${s.firstTime} ${s.lastTime} ${s.minutes.join(",")}`)),
    ratings: sortStrings([...store.ratingKeys].map(key)),
    recommendations: sortStrings([...store.recommendationKeys].map(key)),
    quarantine: Object.fromEntries(Object.entries(outcome.rejected).map(([r, n]) => [r, n ?? 0])),
    totals: { lines: outcome.lines, accepted: outcome.accepted, rejected: outcome.rejected, duplicates: outcome.duplicates },
  };
}

/** Code-unit order, the same in every database collation. */
function sortStrings(xs: string[]): string[] {
  return xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
