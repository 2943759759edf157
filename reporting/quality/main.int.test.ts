/**
 * `bun run data:quality` end to end on a real Postgres (or the embedded one): the
 * quarantine of the period, every source's, grouped by source and reason, in the
 * text and under its own key of the `--json` output, beside the earlier keys.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";

const root = join(import.meta.dir, "..", "..");
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  await database.sql`
    insert into quarantine (source, partition, position, raw, reason, detail, received_at) values
      ('kafka:movielog', 0, 7, convert_to('9999-12-31T23:59,4244,GET /rate/the+matrix+1999=5', 'UTF8'), 'future_time', 'year 9999', '2024-05-01T10:00:00Z'),
      ('kafka:movielog', 2, 8, convert_to('2026-12-06T10:42:22,4242,…', 'UTF8'), 'latency_out_of_range', '1e39 ms', '2024-05-01T11:00:00Z'),
      ('telemetry', 0, 3, convert_to('{}', 'UTF8'), 'unsigned', 'no signature', '2024-05-01T12:00:00Z'),
      ('telemetry', 0, 4, convert_to('{}', 'UTF8'), 'unsigned', 'no signature', '2024-05-03T12:00:00Z')`;
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

async function dataQuality(...args: string[]): Promise<string> {
  const child = Bun.spawn([join(root, "node_modules", ".bin", "bun"), join(root, "reporting", "quality", "main.ts"), ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: testDb.url }, stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  return stdout;
}

test("data:quality --json adds the period's quarantine by source and reason and keeps every earlier key", async () => {
  const report = JSON.parse(await dataQuality("--from", "2024-05-01T00:00:00Z", "--to", "2024-05-02T00:00:00Z", "--json"));
  expect(Object.keys(report)).toEqual(["range", "eventTime", "lines", "accepted", "rejected", "duplicates", "late", "store", "findings", "quarantine"]);
  expect(report.quarantine).toEqual({
    total: 3,
    bySource: { "kafka:movielog": { future_time: 1, latency_out_of_range: 1 }, telemetry: { unsigned: 1 } },
  });
});

test("data:quality lists the quarantine of the whole store in its text when no period is given", async () => {
  const text = await dataQuality();
  expect(text).toContain([
    "  quarantined      4 by arrival time",
    "    kafka:movielog   future_time=1 latency_out_of_range=1",
    "    telemetry        unsigned=2",
  ].join("\n"));
});
