import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { createPostgresEventStore } from "../../ingest/postgres-event-store.ts";
import { replayFile } from "../../ingest/replay-file.ts";
import { createSnapshot } from "./create-snapshot.ts";
import { readSnapshot } from "./snapshot-files.ts";

let testDb: TestDatabase;
let database: Database;
const dir = mkdtempSync(join(tmpdir(), "snapshots-"));
const cutoff = Date.UTC(2023, 1, 8, 3, 30);

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  const file = join(dir, "movielog.log");
  writeFileSync(file, [
    "2023-02-08T03:00:00,2,GET /data/m/akira+1988/0.mpg",
    "2023-02-08T03:01:00,2,GET /data/m/akira+1988/1.mpg",
    "2023-02-08T03:02:00,2,GET /data/m/akira+1988/2.mpg",
    "2023-02-08T03:00:00,1,GET /data/m/m*a*s*h+1970/0.mpg", // one minute: a short session
    "2023-02-08T03:05:00,1,GET /rate/akira+1988=2",
    "2023-02-08T03:10:00,1,GET /rate/akira+1988=4", // the latest rating wins
    "2023-02-08T04:00:00,3,GET /rate/akira+1988=5", // after the cutoff
  ].join("\n") + "\n");
  await replayFile(file, createPostgresEventStore(database.sql, { lateToleranceMs: 60_000 }), { batchLines: 100 });
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

const rules = { minWatchMinutes: 2, burstRatings: 30, burstWindowMs: 60_000 };

test("createSnapshot() selects, cleans and freezes the rows up to the cutoff, and records them", async () => {
  const { meta, rows } = await createSnapshot(database.sql, { cutoff, rules, dir });
  expect(meta.rows).toEqual({ ratings: 1, watch: 1 });
  expect(meta.excluded).toEqual({ short_watch_session: 1 });
  expect(rows.users.idAt(rows.ratings.users[0])).toBe("1");
  expect(rows.ratings.values[0]).toBe(4);
  expect(rows.users.idAt(rows.watch.users[0])).toBe("2");
  expect(rows.watch.values[0]).toBe(3);
  const [recorded] = await database.sql`select id, rows, excluded from data_snapshots`;
  expect({ ...recorded }).toEqual({ id: meta.id, rows: { ratings: 1, watch: 1 }, excluded: { short_watch_session: 1 } });
  expect(readSnapshot(dir, meta.id).meta).toEqual(meta);
});

test("createSnapshot() gives the same id for the same data and records it once", async () => {
  const first = await createSnapshot(database.sql, { cutoff, rules, dir });
  const second = await createSnapshot(database.sql, { cutoff, rules, dir });
  expect(second.meta.id).toBe(first.meta.id);
  const [{ n }] = await database.sql`select count(*)::int as n from data_snapshots`;
  expect(n).toBe(1);
});
