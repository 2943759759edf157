/**
 * judgeWindow with the interleaved quality test against a real database: the interleaved
 * canary users' preferences are read from stored teams and watches, only users final by
 * the stream's clock enter the preference test, a list whose teams do not line up is set
 * aside, and the interleaved users count as canary users for the sample-ratio check while
 * the conversion comparison leaves them out.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { CanaryPolicy } from "../policy/canary-policy.ts";
import { judgeWindow } from "./judge-window.ts";

const MIN = 60_000;
const W = 10 * MIN;
/** The router's clock; the stream's runs apart from it, as on a sped-up site. */
const T0 = Date.UTC(2026, 2, 1, 1);
const S0 = Date.UTC(2026, 2, 1, 2);
/** The stream's clock: a user is final once one window after their window, so when their first list is at or before S0 + 20 min. */
const CLOCK = S0 + 40 * MIN;
const WINDOW = {
  stablePool: "stable", canaryPool: "canary", from: T0, to: T0 + 30 * MIN,
  streamFrom: S0, streamTo: CLOCK, conversionWindowMs: W, clientTimeoutMs: 800,
};

let testDb: TestDatabase;
let database: Database;

type Interleaving = { a: string; b: string; interleaved: boolean; teams: string[] };
type Answer = { user: number; at: number; pool: string; items: string[]; interleaving?: Interleaving };
const merged = (teams: string[], b = "canary"): Interleaving => ({ a: "stable", b, interleaved: true, teams });

// Bulk inserts take one jsonb text parameter: the embedded database mishandles array parameters.
async function insertTelemetry(rows: Answer[]) {
  const json = rows.map((r) => ({ ...r, id: crypto.randomUUID(), at: T0 + r.at, interleaving: r.interleaving ?? null }));
  await database.sql`
    insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason, interleaving)
    select x.id, to_timestamp(x.at / 1000.0), x.user, 200, 50, x.pool, 'als-1', 1, '[]'::jsonb,
      array(select jsonb_array_elements_text(x.items)), false, null, x.interleaving
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(id text, at float8, "user" int, pool text, items jsonb, interleaving jsonb)`;
}
async function insertShown(rows: { user: number; at: number; items: string[] }[]) {
  const json = rows.map((r) => ({ ...r, at: S0 + r.at }));
  await database.sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    select to_timestamp(x.at / 1000.0), x.user, 'site', 200, 80, array(select jsonb_array_elements_text(x.items))
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(at float8, "user" int, items jsonb)`;
}
async function insertWatches(rows: { user: number; movie: string; at: number }[]) {
  const json = rows.map((r) => ({ ...r, at: S0 + r.at }));
  await database.sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    select x.user, x.movie, to_timestamp(x.at / 1000.0), to_timestamp(x.at / 1000.0), array[1], 20, 1
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x("user" int, movie text, at float8)`;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "judge-window-test" });
  const answers: Answer[] = [
    { user: 1, at: 1 * MIN, pool: "stable", items: ["s1"] },
    { user: 2, at: 2 * MIN, pool: "stable", items: ["s2"] },
    { user: 3, at: 3 * MIN, pool: "canary", items: ["c3"] },
    // Interleaved canary users: u10 watches B's movie, u11 A's, u12 one of each, u13 nothing.
    { user: 10, at: 1 * MIN, pool: "canary", items: ["m1", "m2"], interleaving: merged(["A", "B"]) },
    { user: 11, at: 1 * MIN, pool: "canary", items: ["m3", "m4"], interleaving: merged(["A", "B"]) },
    { user: 12, at: 1 * MIN, pool: "canary", items: ["m5", "m6"], interleaving: merged(["B", "A"]) },
    { user: 13, at: 1 * MIN, pool: "canary", items: ["m7", "m8"], interleaving: merged(["both", "A"]) },
    // u14's first interleaved list is too late to be final at the stream's clock.
    { user: 14, at: 25 * MIN, pool: "canary", items: ["m1", "m2"], interleaving: merged(["A", "B"]) },
    // u15's teams do not line up with the items: set aside, crediting no one.
    { user: 15, at: 1 * MIN, pool: "canary", items: ["m1", "m2"], interleaving: merged(["B"]) },
  ];
  await insertTelemetry(answers);
  // Every answer was shown on the site at the same offset of the stream's clock.
  await insertShown(answers.map((a) => ({ user: a.user, at: a.at, items: a.items })));
  await insertWatches([
    { user: 3, movie: "c3", at: 4 * MIN }, // the plain canary user converts
    { user: 10, movie: "m2", at: 2 * MIN },
    { user: 11, movie: "m3", at: 2 * MIN },
    { user: 12, movie: "m5", at: 2 * MIN },
    { user: 12, movie: "m6", at: 3 * MIN },
    { user: 14, movie: "m2", at: 26 * MIN },
    { user: 15, movie: "m2", at: 2 * MIN },
  ]);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

test("judgeWindow() judges the final interleaved canary users' preferences beside the arms", async () => {
  const policy = CanaryPolicy.parse({ interleave: { share: 0.5, mode: "alongside" } });
  const { verdict, arms, preferences } = await judgeWindow(database.sql, policy, WINDOW, { step: 2, ms: 30 * MIN }, null);
  expect(preferences?.final).toEqual({ preferA: 1, preferB: 1, ties: 1, noCredit: 1 });
  expect(preferences?.pending).toBe(1);
  expect(preferences?.refused).toBe(1);
  expect(preferences?.refusedReasons[0]).toContain("teams must name one team per item");
  expect(verdict.evidence.preference).toMatchObject({ mode: "alongside", preferStable: 1, preferCandidate: 1, ties: 1, noCredit: 1, verdict: "inconclusive" });
  expect(verdict.reasons.find((r) => r.check === "preference")?.outcome).toBe("keep_watching");
  // The sample-ratio check counts the interleaved users in the canary; conversion compares u3 alone with stable.
  expect([arms.stable.telemetryUsers, arms.canary.telemetryUsers]).toEqual([2, 7]);
  expect(arms.canary.conversion).toEqual({ users: 1, mean: 1, variance: 0 });
  expect(arms.stable.conversion.users).toBe(2);
});

test("judgeWindow() reads no preferences when the policy does not interleave", async () => {
  const { verdict, preferences } = await judgeWindow(database.sql, CanaryPolicy.parse({}), WINDOW, { step: 2, ms: 30 * MIN }, null);
  expect(preferences).toBeUndefined();
  expect(verdict.evidence.preference).toBeUndefined();
});
