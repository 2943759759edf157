import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { readUserPreferences } from "./read-user-preferences.ts";

const MIN = 60_000;
/** The router's clock; the stream's runs 50 days ahead, as in a sped-up simulation. */
const T0 = Date.UTC(2026, 0, 10);
const S0 = Date.UTC(2026, 2, 1);
const PERIOD = { from: S0, to: S0 + 200 * MIN };
const POOLS = { a: "stable", b: "canary" };
const WINDOWS = { conversionWindowMs: 10 * MIN, preferenceWindowMs: 60 * MIN };

let testDb: TestDatabase;
let database: Database;

type Answer = { user: number; at: number; items: string[]; interleaving: object | null };
type Shown = { user: number; at: number; items: string[] };
type Session = { user: number; movie: string; at: number };

const merged = (teams: string[], a = POOLS.a, b = POOLS.b) => ({ a, b, interleaved: true, teams });

// Bulk inserts take one jsonb text parameter: the embedded database mishandles array parameters.
async function insertAnswers(rows: Answer[]) {
  const json = rows.map((r) => ({ ...r, id: crypto.randomUUID() }));
  await database.sql`
    insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason, interleaving)
    select x.id, to_timestamp(x.at / 1000.0), x.user, 200, 40, 'stable', 'als-1', 1,
      '[]'::jsonb, array(select jsonb_array_elements_text(x.items)), false, null, x.interleaving
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb)
      as x(id text, at float8, "user" int, items jsonb, interleaving jsonb)`;
}
async function insertShown(rows: Shown[]) {
  await database.sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    select to_timestamp(x.at / 1000.0), x.user, 'site', 200, 80, array(select jsonb_array_elements_text(x.items))
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(at float8, "user" int, items jsonb)`;
}
async function insertSessions(rows: Session[]) {
  await database.sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    select x.user, x.movie, to_timestamp(x.at / 1000.0), to_timestamp(x.at / 1000.0) + interval '5 minutes',
      array[1, 2, 3, 4, 5], 5, 5
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("user" int, movie text, at float8)`;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "read-user-preferences-test" });
  await insertAnswers([
    // User 1: two lists; each shown list takes the teams of the answer with its items.
    { user: 1, at: T0 + 10 * MIN, items: ["m1", "m2"], interleaving: merged(["A", "B"]) },
    { user: 1, at: T0 + 30 * MIN, items: ["m2", "m1"], interleaving: merged(["A", "B"]) },
    // User 2: a movie both rankers placed (no credit) and one of A's.
    { user: 2, at: T0 + 5 * MIN, items: ["m3", "m4"], interleaving: merged(["both", "A"]) },
    // User 3: one pool answered alone.
    { user: 3, at: T0 + 5 * MIN, items: ["m5"], interleaving: { ...merged(["A"]), interleaved: false } },
    // User 5: teams that do not line up with the items, and interleaving that is not the format.
    { user: 5, at: T0 + 5 * MIN, items: ["m1", "m2"], interleaving: merged(["A"]) },
    { user: 5, at: T0 + 6 * MIN, items: ["m7"], interleaving: { a: POOLS.a, b: POOLS.b, interleaved: "yes", teams: [] } },
    // User 6: interleaved late in the period, so their window is still open at its end.
    { user: 6, at: T0 + 150 * MIN, items: ["m1"], interleaving: merged(["B"]) },
    // User 7: the same two pools the other way round, and a request not interleaved at all: neither matches.
    { user: 7, at: T0 + 5 * MIN, items: ["m1"], interleaving: merged(["A"], POOLS.b, POOLS.a) },
    { user: 7, at: T0 + 6 * MIN, items: ["m2"], interleaving: null },
    // User 8 is not asked for.
    { user: 8, at: T0 + 5 * MIN, items: ["m1"], interleaving: merged(["B"]) },
  ]);
  await insertShown([
    { user: 1, at: S0 + 11 * MIN, items: ["m1", "m2"] },
    { user: 1, at: S0 + 29 * MIN, items: ["m2", "m1"] },
    { user: 2, at: S0 + 5 * MIN, items: ["m3", "m4"] },
    { user: 3, at: S0 + 5 * MIN, items: ["m5"] },
    { user: 4, at: S0 + 5 * MIN, items: ["m9"] }, // no answer at all
    { user: 5, at: S0 + 5 * MIN, items: ["m1", "m2"] },
    { user: 5, at: S0 + 6 * MIN, items: ["m7"] },
    { user: 6, at: S0 + 150 * MIN, items: ["m1"] },
    { user: 7, at: S0 + 5 * MIN, items: ["m1"] },
    { user: 7, at: S0 + 6 * MIN, items: ["m2"] },
    { user: 8, at: S0 + 5 * MIN, items: ["m1"] },
    { user: 1, at: S0 + 250 * MIN, items: ["m1", "m2"] }, // after the period
  ]);
  await insertSessions([
    { user: 1, movie: "m2", at: S0 + 12 * MIN }, // B in the first list, before the second was shown
    { user: 1, movie: "m1", at: S0 + 30 * MIN }, // B in the second list (A in the first, whose window has closed)
    { user: 2, movie: "m3", at: S0 + 6 * MIN }, // placed by both: no credit
    { user: 2, movie: "m4", at: S0 + 7 * MIN }, // A
    { user: 3, movie: "m5", at: S0 + 6 * MIN },
    { user: 6, movie: "m1", at: S0 + 151 * MIN }, // B, but not final by the period's end
    { user: 8, movie: "m1", at: S0 + 6 * MIN },
  ]);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

const query = (userIds: string[]) => ({ userIds, period: PERIOD, pools: POOLS, ...WINDOWS });

test("readUserPreferences() credits each shown list with the teams of the router answer it came from", async () => {
  const reading = await readUserPreferences(database.sql, query(["1", "2", "3", "4", "5", "6", "7"]));
  expect(reading.preferences).toEqual([
    { userId: 2, preference: "A", creditA: 1, creditB: 0, lists: 1, firstTime: S0 + 5 * MIN, finalAt: S0 + 75 * MIN },
    { userId: 1, preference: "B", creditA: 0, creditB: 2, lists: 2, firstTime: S0 + 11 * MIN, finalAt: S0 + 81 * MIN },
    { userId: 6, preference: "B", creditA: 0, creditB: 1, lists: 1, firstTime: S0 + 150 * MIN, finalAt: S0 + 220 * MIN },
  ]);
  expect(reading.finalUsers.map((p) => p.userId)).toEqual([2, 1]);
  expect(reading.notInterleavedLists).toBe(1);
  expect(reading.unmatchedLists).toBe(3); // user 4's list and both of user 7's
  expect(reading.refused.map((r) => r.reason)).toEqual([
    "list: teams must name one team per item: 1 teams for 2 items",
    "interleaving.interleaved: Invalid input: expected boolean, received string",
  ]);
});

test("readUserPreferences() reads nothing for no users, an empty period or users without lists", async () => {
  const none = { preferences: [], finalUsers: [], notInterleavedLists: 0, unmatchedLists: 0, refused: [] };
  expect(await readUserPreferences(database.sql, query([]))).toEqual(none);
  expect(await readUserPreferences(database.sql, { ...query(["1"]), period: { from: S0, to: S0 } })).toEqual(none);
  expect(await readUserPreferences(database.sql, query(["99"]))).toEqual(none);
  await expect(readUserPreferences(database.sql, query(["1", "x"]))).rejects.toThrow(
    'readUserPreferences() needs user ids as whole numbers: current value is "x"',
  );
  await expect(readUserPreferences(database.sql, query(["1", "9999999999"]))).rejects.toThrow(
    "readUserPreferences() needs user ids up to 2147483647: current value is 9999999999",
  );
});
