import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { connectDatabase, type Database } from "./connect-database.ts";
import { epochMsSql, roundedEpochMsSql, timestampSql } from "./epoch-sql.ts";

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

test("epochMsSql() and timestampSql() carry epoch ms through a timestamptz both ways, and null as null", async () => {
  const { sql } = database;
  const [row] = await sql`
    select ${epochMsSql(sql, sql`${timestampSql(sql, 1_700_000_000_123)}`)} as back,
      ${epochMsSql(sql, sql`${timestampSql(sql, null)}`)} as nothing,
      ${epochMsSql(sql, "t.at")} as column
    from (select to_timestamp(1.5) as at) as t`;
  expect({ ...row }).toEqual({ back: 1_700_000_000_123, nothing: null, column: 1500 });
});

test("roundedEpochMsSql() gives the nearest whole millisecond of a time kept to the microsecond, and null as null", async () => {
  const { sql } = database;
  const [row] = await sql`
    select ${roundedEpochMsSql(sql, "t.at")} as up, ${roundedEpochMsSql(sql, "t.down")} as down,
      ${roundedEpochMsSql(sql, sql`${timestampSql(sql, null)}`)} as nothing, ${epochMsSql(sql, "t.at")} as exact
    from (select timestamptz '2023-11-14 22:13:20.123600+00' as at, timestamptz '2023-11-14 22:13:20.123400+00' as down) as t`;
  expect({ ...row }).toEqual({ up: 1_700_000_000_124, down: 1_700_000_000_123, nothing: null, exact: 1_700_000_000_123.6 });
});

test("timestampSql() converts a column of epoch ms, as a batch unnested into rows carries it", async () => {
  const { sql } = database;
  const rows = await sql`
    select ${epochMsSql(sql, sql`${timestampSql(sql, sql`x.t`)}`)} as back
    from unnest(${[1_700_000_000_123, 0]}::float8[]) as x(t) order by 1`;
  expect(rows.map((r) => r.back)).toEqual([0, 1_700_000_000_123]);
});
