import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { convertedSql, shownListsSql } from "./conversion-sql.ts";
import { conversionCases } from "./testing/conversion-checks.ts";

const BASE = Date.UTC(2026, 2, 1);
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "conversion-sql-test" });
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

type List = { userId: number; time: number; items: string[]; status?: number };
type Start = { userId: number; movieId: string; firstTime: number };

// One jsonb parameter per insert: the embedded database mishandles array parameters.
async function store(lists: List[], starts: Start[]) {
  const sql = database.sql;
  await sql`truncate recommendation_events, watch_sessions`;
  const json = lists.map((l, i) => ({ ...l, status: l.status ?? 200, server: `s${i}`, at: BASE + l.time }));
  await sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    select to_timestamp(x.at / 1000.0), x."userId", x.server, x.status, 80, array(select jsonb_array_elements_text(x.items))
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(at float8, "userId" int, server text, status int, items jsonb)`;
  const watched = starts.map((s) => ({ ...s, at: BASE + s.firstTime }));
  await sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    select x."userId", x."movieId", to_timestamp(x.at / 1000.0), to_timestamp(x.at / 1000.0), array[1], 1, 1
    from jsonb_to_recordset(${JSON.stringify(watched)}::jsonb) as x(at float8, "userId" int, "movieId" text)`;
}

/** Per stored list (in insertion order): null when not selected, else whether it converted. */
async function judge(count: number, windowMs: number, period = { from: -1e9, to: 1e9 }): Promise<(boolean | null)[]> {
  const sql = database.sql;
  const rows = await sql`
    select r.server, ${convertedSql(sql, "r", windowMs)} as converted from recommendation_events r
    where ${shownListsSql(sql, { from: BASE + period.from, to: BASE + period.to }, "r")}`;
  const byServer = new Map(rows.map((r) => [r.server as string, r.converted as boolean]));
  return Array.from({ length: count }, (_, i) => byServer.get(`s${i}`) ?? null);
}

const c = conversionCases();
for (const [name, input, expected] of c.conversion) {
  test(`convertedSql(): ${name}`, async () => {
    await store(input.lists, input.starts);
    expect(await judge(input.lists.length, input.windowMs)).toEqual(expected);
  });
}
for (const [name, input, expected] of c.selection) {
  test(`shownListsSql(): ${name}`, async () => {
    await store(input.lists, []);
    expect((await judge(input.lists.length, 600_000, input.period)).map((v) => v !== null)).toEqual(expected);
  });
}
