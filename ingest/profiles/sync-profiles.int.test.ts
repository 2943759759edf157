import { afterAll, beforeAll, beforeEach, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { epochMsSql } from "../../infra/db/epoch-sql.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { freePort } from "../../tests/support/free-port.ts";
import { type SyncOptions, syncProfiles } from "./sync-profiles.ts";

const T0 = Date.parse("2024-05-01T00:00:00Z");
const HOUR = 3_600_000;

/** The stub user API's answers by user id; anything else is a 404. */
const ANSWERS: Record<number, () => Response> = {
  // Changed by the test of a good profile met by a bad answer later.

  1: () => Response.json({ user_id: 1, age: 28, occupation: "writer", gender: "F", extra: true }),
  3: () => Response.json({ user_id: 3, age: "old", occupation: "writer", gender: "F" }),
  4: () => new Response("<html>oops</html>", { status: 200 }),
  5: () => new Response("busy", { status: 503 }),
  6: () => Response.json({ user_id: 60, age: 40, occupation: "artist", gender: "M" }),
  7: () => Response.json({ user_id: 7, age: 70, occupation: "retired", gender: "M" }),
};

let testDb: TestDatabase;
let database: Database;
let api: ReturnType<typeof Bun.serve>;
let inFlight = 0;
let maxInFlight = 0;
const asked: number[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "sync-profiles-test" });
  api = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const id = Number(new URL(request.url).pathname.split("/")[2]);
      asked.push(id);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Bun.sleep(5);
      inFlight--;
      return ANSWERS[id]?.() ?? Response.json({ message: "user not found" }, { status: 404 });
    },
  });
  const sql = database.sql;
  // Users 1–7 appear in different tables of the event store, some in several.
  await sql`insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    values (1, 'heat+1995', now(), now(), '{1}', 1, 1), (2, 'heat+1995', now(), now(), '{1}', 1, 1),
           (3, 'akira+1988', now(), now(), '{1}', 1, 1)`;
  await sql`insert into ratings (user_id, movie_id, rating, time)
    values (1, 'akira+1988', 4, now()), (4, 'heat+1995', 3, now()), (5, 'heat+1995', 5, now())`;
  await sql`insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    values (now(), 6, 'router', 200, 10, '{heat+1995}'), (now(), 7, 'router', 200, 10, '{heat+1995}')`;
});

afterAll(async () => {
  api?.stop(true);
  await database?.close();
  await testDb?.drop();
});

beforeEach(() => {
  asked.length = 0;
  maxInFlight = 0;
});

const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
  apiUrl: `http://127.0.0.1:${api.port}/`,
  fetch,
  now: () => T0,
  maxAgeMs: 24 * HOUR,
  concurrency: 2,
  timeoutMs: 2000,
  limit: null,
  ...overrides,
});

type Row = {
  user_id: number;
  age: number | null;
  gender: string | null;
  occupation: string | null;
  fetched_ms: number;
  reason: string | null;
};
const rows = () =>
  database.sql<Row[]>`select user_id, age, gender, occupation,
      ${epochMsSql(database.sql, "fetched_at")} as fetched_ms, reason
    from user_profiles order by user_id`;

test("syncProfiles() with a limit asks only that many users, lowest ids first", async () => {
  const summary = await syncProfiles(database.sql, options({ limit: 2 }));
  expect(summary).toMatchObject({ asked: 2, profiles: 1, unknown: 1, stopped: null });
  expect(asked.sort()).toEqual([1, 2]);
});

test("syncProfiles() stores profiles, records unknown users and malformed answers with a reason, and leaves failures for the next run", async () => {
  const summary = await syncProfiles(database.sql, options({ now: () => T0 + HOUR }));
  expect(summary).toMatchObject({ asked: 5, profiles: 1, unknown: 0, malformed: 2, failed: 2, stopped: null });
  expect(asked.sort()).toEqual([3, 4, 5, 6, 7]);
  expect(maxInFlight).toBe(2);
  const stored = await rows();
  expect(stored.map((r) => [r.user_id, r.age, r.gender, r.occupation, r.reason])).toEqual([
    [1, 28, "F", "writer", null],
    [2, null, null, null, "the user API does not know this user (404)"],
    [3, null, null, null, "malformed answer: age: Invalid input: expected number, received string"],
    [6, null, null, null, "malformed answer: user_id 60 is not the user asked for"],
    [7, 70, "M", "retired", null],
  ]);
  expect(stored.map((r) => r.fetched_ms)).toEqual([T0, T0, ...Array(3).fill(T0 + HOUR)]);
});

test("syncProfiles() asks again only for users without an answer, then for answers older than the maximum age", async () => {
  await syncProfiles(database.sql, options({ now: () => T0 + 2 * HOUR }));
  expect(asked.sort()).toEqual([4, 5]); // a non-JSON 200 is the API misbehaving: asked again
  asked.length = 0;
  // 24 h after T0 the answers of T0 are old; those of T0 + 1 h are not yet.
  const summary = await syncProfiles(database.sql, options({ now: () => T0 + 24 * HOUR + 1 }));
  expect(asked.sort()).toEqual([1, 2, 4, 5]);
  expect(summary.asked).toBe(4);
});

test("syncProfiles() keeps a good profile when the API later answers badly for that user", async () => {
  const good = ANSWERS[1];
  ANSWERS[1] = () => Response.json({ user_id: 1, age: "unknown", occupation: "writer", gender: "F" });
  try {
    await syncProfiles(database.sql, options({ now: () => T0 + 100 * HOUR }));
  } finally {
    ANSWERS[1] = good;
  }
  expect((await rows()).find((r) => r.user_id === 1)).toMatchObject({ age: 28, gender: "F", occupation: "writer", reason: null });
});

test("syncProfiles() stops early and stores nothing when the user API cannot be reached", async () => {
  await database.sql`delete from user_profiles`;
  const summary = await syncProfiles(database.sql, options({
    apiUrl: `http://127.0.0.1:${await freePort()}`,
    batchSize: 3,
  }));
  expect(summary).toMatchObject({ asked: 3, profiles: 0, failed: 3 });
  expect(summary.stopped).toMatch(/^no answer from the user API \(USER_API_URL\) in a batch of 3$/);
  expect(summary.firstFailure).toMatch(/^GET \/user\/1: /);
  expect([...(await rows())]).toEqual([]);
});
