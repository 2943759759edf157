/**
 * readArmStats against a real database: each user's quality value covers only the
 * conversion window after their first list of the step and enters once that window is
 * wholly judged; watch minutes are capped; the sample-ratio counts are every user
 * telemetry saw in one pool only, whatever the status.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { WATCH_MINUTES_CAP } from "../judge/lift-sequence.ts";
import { readArmStats } from "./read-arm-stats.ts";

const MIN = 60_000;
const W = 10 * MIN;
const T0 = Date.UTC(2026, 2, 1, 1);
const S0 = Date.UTC(2026, 2, 1, 2);
/** The stream's clock: lists before S0 + 30 min are judged, so users whose first list is at or before S0 + 20 min are final. */
const CLOCK = S0 + 40 * MIN;

let testDb: TestDatabase;
let database: Database;

type Answer = { user: number; at: number; pool: "stable" | "canary"; status?: number };

// Bulk inserts take one jsonb text parameter: the embedded database mishandles array parameters.
async function insertTelemetry(rows: Answer[]) {
  const json = rows.map((r) => ({ id: crypto.randomUUID(), at: T0 + r.at, user: r.user, status: r.status ?? 200, pool: r.pool }));
  await database.sql`
    insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason)
    select x.id, to_timestamp(x.at / 1000.0), x.user, x.status, 50, x.pool, 'als-1', 1, '[]'::jsonb, array['x'], false, null
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(id text, at float8, "user" int, status int, pool text)`;
}
async function insertShown(rows: { user: number; at: number; items: string[] }[]) {
  const json = rows.map((r) => ({ ...r, at: S0 + r.at }));
  await database.sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    select to_timestamp(x.at / 1000.0), x.user, 'site', 200, 80, array(select jsonb_array_elements_text(x.items))
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(at float8, "user" int, items jsonb)`;
}
async function insertWatches(rows: { user: number; movie: string; at: number; minutes: number }[]) {
  const json = rows.map((r) => ({ ...r, at: S0 + r.at }));
  await database.sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    select x.user, x.movie, to_timestamp(x.at / 1000.0), to_timestamp(x.at / 1000.0), array[1], x.minutes, 1
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x("user" int, movie text, at float8, minutes int)`;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "read-arm-stats-test" });
  await database.sql`
    insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset, watermark)
    values ('ingest', 'c1', 'movielog', 0, 100, to_timestamp(${CLOCK} / 1000.0))`;
  await insertTelemetry([
    { user: 1, at: 1 * MIN, pool: "stable" },
    { user: 2, at: 2 * MIN, pool: "stable" },
    { user: 3, at: 3 * MIN, pool: "canary" },
    { user: 4, at: 4 * MIN, pool: "canary" },
    // u5: routed to the canary, which failed every request: not exposed, but a routed user all the same.
    { user: 5, at: 5 * MIN, pool: "canary", status: 500 },
    // u6 on both pools (a step change): left out of every count.
    { user: 6, at: 6 * MIN, pool: "stable" },
    { user: 6, at: 7 * MIN, pool: "canary" },
  ]);
  await insertShown([
    { user: 1, at: 1 * MIN, items: ["a"] }, // converts
    { user: 1, at: 5 * MIN, items: ["b"] }, // in u1's window [1, 11): does not convert
    { user: 1, at: 15 * MIN, items: ["c"] }, // after u1's window: not part of their value although it converts
    { user: 2, at: 2 * MIN, items: ["d"] }, // does not convert
    { user: 3, at: 3 * MIN, items: ["e"] }, // converts, with a 500-minute watch
    { user: 4, at: 25 * MIN, items: ["f"] }, // u4's window [25, 35) is not wholly judged yet: not entered
  ]);
  await insertWatches([
    { user: 1, movie: "a", at: 2 * MIN, minutes: 30 },
    { user: 1, movie: "c", at: 16 * MIN, minutes: 30 },
    { user: 3, movie: "e", at: 4 * MIN, minutes: 500 },
    { user: 4, movie: "f", at: 26 * MIN, minutes: 10 },
  ]);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

test("readArmStats() judges each user over the window after their first list, once final, with capped minutes", async () => {
  const stats = await readArmStats(database.sql, {
    stablePool: "stable", canaryPool: "canary", from: T0, to: T0 + 30 * MIN,
    streamFrom: S0, streamTo: CLOCK, conversionWindowMs: W, clientTimeoutMs: 800,
  });
  // u1: 1 of 2 lists in their window; u2: 0 of 1.
  expect(stats.stable.conversion.users).toBe(2);
  expect(stats.stable.conversion.mean).toBeCloseTo(0.25, 12);
  expect(stats.stable.watch_minutes.mean).toBeCloseTo((30 / 2 + 0) / 2, 12);
  // u3 alone: u4's window is still open.
  expect(stats.canary.conversion).toEqual({ users: 1, mean: 1, variance: 0 });
  expect(stats.canary.watch_minutes.mean).toBe(WATCH_MINUTES_CAP);
  // Routed users: u5 counts although every answer failed; u6 counts nowhere.
  expect([stats.stable.telemetryUsers, stats.canary.telemetryUsers]).toEqual([2, 3]);
  expect(stats.users).toEqual({ stable: 2, canary: 2 });
});
