import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { connectDatabase, type Database } from "./connect-database.ts";
import { epochMsSql, timestampSql } from "./epoch-sql.ts";

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
