/**
 * profiles:sync against answers that are out of bounds or that the database refuses: the
 * rest of the batch is stored, and each refused answer is recorded with its reason.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { epochMsSql } from "../../infra/db/epoch-sql.ts";
import { runJsonScript } from "../../tests/support/run-json-script.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { MAX_BODY_BYTES } from "../../infra/users/fetch-user-profile.ts";
import { type SyncOptions, syncProfiles } from "./sync-profiles.ts";

const DAY = 24 * 3_600_000;

/** The stub user API's answers by user id; anything else is a 404. */
const ANSWERS: Record<number, () => Response> = {
  1: () => Response.json({ user_id: 1, age: 30, occupation: "writer", gender: "F" }),
  // Within our bounds, refused by the test's CHECK constraint test_poison.
  2: () => Response.json({ user_id: 2, age: 41, occupation: "poison", gender: "M" }),
  3: () => new Response(JSON.stringify({ user_id: 3, age: 25, occupation: "art\u0000ist", gender: "F" })),
  4: () => Response.json({ user_id: 4, age: 22, occupation: "artist", gender: "F" }),
  5: () => new Response(`{"user_id":5,"age":33,"occupation":"x","gender":"M"}${" ".repeat(MAX_BODY_BYTES)}`),
  // Refused by test_unstorable, and so is the row that would record that.
  6: () => Response.json({ user_id: 6, age: 50, occupation: "retired", gender: "M" }),
};

const POISON = 'SQLSTATE 23514: new row for relation "user_profiles" violates check constraint "test_poison"';
const UNSTORABLE = 'SQLSTATE 23514: new row for relation "user_profiles" violates check constraint "test_unstorable"';

let testDb: TestDatabase;
let database: Database;
let api: ReturnType<typeof Bun.serve>;
const asked: number[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "sync-profiles-refusals-test" });
  api = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request) {
      const id = Number(new URL(request.url).pathname.split("/")[2]);
      asked.push(id);
      return ANSWERS[id]?.() ?? Response.json({ message: "user not found" }, { status: 404 });
    },
  });
  const sql = database.sql;
  await sql`insert into ratings (user_id, movie_id, rating, time)
    select u, 'heat+1995', 4, now() from generate_series(1, 6) u`;
  // Values our bounds allow but this database refuses, as a stricter schema or a bad deploy would.
  await sql`alter table user_profiles
    add constraint test_poison check (occupation is distinct from 'poison'),
    add constraint test_unstorable check (user_id <> 6)`;
});

afterAll(async () => {
  api?.stop(true);
  await database?.close();
  await testDb?.drop();
});

const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
  apiUrl: `http://127.0.0.1:${api.port}`,
  fetch,
  now: Date.now,
  maxAgeMs: 7 * DAY,
  concurrency: 2,
  timeoutMs: 2000,
  limit: null,
  ...overrides,
});

type Row = { user_id: number; age: number | null; gender: string | null; occupation: string | null; reason: string | null };
const rows = () =>
  database.sql<Row[]>`select user_id, age, gender, occupation, reason from user_profiles order by user_id`;
const fetchedAt = async () =>
  (await database.sql<{ user_id: number; ms: number }[]>`select user_id,
      ${epochMsSql(database.sql, "fetched_at")} as ms from user_profiles order by user_id`)
    .map((r) => [r.user_id, r.ms]);

test("profiles:sync --json stores the rest of a batch the database partly refuses, and records each refusal with its reason", async () => {
  const summary = await runJsonScript("ingest/profiles/sync-profiles-main.ts", ["--json"], {
    ...process.env,
    DATABASE_URL: testDb.url,
    USER_API_URL: `http://127.0.0.1:${api.port}`,
  });
  // The keys operators' scripts read, in their order, with `refused` added last.
  expect(Object.keys(summary as object)).toEqual(
    ["asked", "profiles", "unknown", "malformed", "failed", "stopped", "firstFailure", "refused"],
  );
  expect(summary).toEqual({
    asked: 6,
    profiles: 2,
    unknown: 0,
    malformed: 2,
    failed: 1,
    stopped: null,
    firstFailure: `user 6: store_refused: ${UNSTORABLE}; the row recording that was refused too: ${UNSTORABLE}`,
    refused: 1,
  });
  expect([...(await rows())]).toEqual([
    { user_id: 1, age: 30, gender: "F", occupation: "writer", reason: null },
    { user_id: 2, age: null, gender: null, occupation: null, reason: `store_refused: ${POISON}` },
    {
      user_id: 3,
      age: null,
      gender: null,
      occupation: null,
      reason: "malformed answer: occupation: must not contain control characters (U+0000 included) or lone surrogates",
    },
    { user_id: 4, age: 22, gender: "F", occupation: "artist", reason: null },
    { user_id: 5, age: null, gender: null, occupation: null, reason: `body_too_large: the answer is over ${MAX_BODY_BYTES} bytes` },
  ]);
});

test("syncProfiles() asks again only the user whose refusal could not be recorded", async () => {
  asked.length = 0;
  const summary = await syncProfiles(database.sql, options());
  expect(asked).toEqual([6]);
  expect(summary).toMatchObject({ asked: 1, profiles: 0, failed: 1, refused: 0 });
});

test("syncProfiles() keeps a good stored profile when the database refuses that user's new answer", async () => {
  const before = await fetchedAt();
  const good = ANSWERS[1];
  ANSWERS[1] = () => Response.json({ user_id: 1, age: 31, occupation: "poison", gender: "F" });
  let summary;
  try {
    summary = await syncProfiles(database.sql, options({ now: () => Date.now() + 30 * DAY, batchSize: 3 }));
  } finally {
    ANSWERS[1] = good;
  }
  expect(summary).toMatchObject({ asked: 6, profiles: 1, unknown: 0, malformed: 2, failed: 1, refused: 2, stopped: null });
  const stored = await rows();
  expect(stored[0]).toEqual({ user_id: 1, age: 30, gender: "F", occupation: "writer", reason: null });
  expect(stored[1]).toEqual({ user_id: 2, age: null, gender: null, occupation: null, reason: `store_refused: ${POISON}` });
  // The good profile's age says it is old; every other row was written again.
  const after = await fetchedAt();
  expect(after[0]).toEqual(before[0]);
  expect(after.slice(1).every(([, at], i) => at > before[i + 1][1])).toBe(true);
});

test("syncProfiles() fails the run and stores nothing of the batch when the database is unavailable", async () => {
  const before = await fetchedAt();
  // Disk full (SQLSTATE 53100) is the database's trouble, not the record's: no isolation, no row.
  await database.sql.unsafe(`
    create function test_disk_full() returns trigger language plpgsql as $$
    begin
      if new.user_id = 4 then raise exception 'could not extend file' using errcode = '53100'; end if;
      return new;
    end $$;
    create trigger test_disk_full before insert or update on user_profiles
      for each row execute function test_disk_full();`);
  try {
    await expect(syncProfiles(database.sql, options({ now: () => Date.now() + 60 * DAY })))
      .rejects.toMatchObject({ code: "53100" });
  } finally {
    await database.sql.unsafe(`drop trigger test_disk_full on user_profiles; drop function test_disk_full();`);
  }
  expect(await fetchedAt()).toEqual(before);
});
