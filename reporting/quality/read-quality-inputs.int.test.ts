import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { createPostgresEventStore } from "../../ingest/postgres-event-store.ts";
import { replayFile } from "../../ingest/replay-file.ts";
import { buildQualityReport } from "./quality-report.ts";
import { readQualityInputs } from "./read-quality-inputs.ts";

let testDb: TestDatabase;
let database: Database;
let file: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  file = join(mkdtempSync(join(tmpdir(), "quality-")), "movielog.log");
  writeFileSync(file, [
    "2023-02-08T03:00:00,1,GET /data/m/akira+1988/0.mpg",
    "2023-02-08T03:01:00,1,GET /data/m/akira+1988/1.mpg",
    "2023-02-08T03:01:00,1,GET /data/m/akira+1988/1.mpg",
    "2023-02-08T02:50:00,2,GET /rate/akira+1988=5",
    "2023-02-08T03:02:00,3,recommendation request r:8082, status 200, result: akira+1988, 40 ms",
    "2023-02-08T03:03:00,3,recommendation request r:8082, status 0, result: timeout, 800 ms",
    "2023-02-08T03:04:00,4,GET /rate/akira+1988=0",
    "2023-02-08T03:04",
  ].join("\n") + "\n");
  await replayFile(file, createPostgresEventStore(database.sql, { lateToleranceMs: 60_000 }), { batchLines: 3 });
  // Telemetry quarantined on two earlier days, as its store writes it (source `telemetry`).
  await database.sql`
    insert into quarantine (source, partition, position, raw, reason, detail, received_at) values
      ('telemetry', 0, 10, convert_to('{}', 'UTF8'), 'bad_signature', 'signature does not match', '2024-05-01T10:00:00Z'),
      ('telemetry', 1, 11, convert_to('{}', 'UTF8'), 'bad_signature', 'signature does not match', '2024-05-01T23:59:59Z'),
      ('telemetry', 0, 12, convert_to('{', 'UTF8'), 'not_json', 'Unexpected end of JSON input', '2024-05-02T00:00:00Z')`;
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

test("readQualityInputs() sums batches and reads the store's figures for the report", async () => {
  const report = buildQualityReport(await readQualityInputs(database.sql, null, null));
  expect(report.lines).toBe(8);
  expect(report.accepted).toEqual({ rate: 1, recommendation: 2, watch: 2 });
  expect(report.rejected.byReason).toEqual({ rating_out_of_range: 1, truncated: 1 });
  expect(report.duplicates).toBe(1);
  expect(report.late).toBe(1); // the rating 11 minutes behind the stream
  expect(report.eventTime).toEqual({ min: "2023-02-08T02:50:00Z", max: "2023-02-08T03:03:00Z" }); // rejected lines carry no event time
  expect(report.store.watch).toEqual({ sessions: 1, minutes: 2, users: 1, movies: 1 });
  expect(report.store.recommendations.byStatus).toEqual({ "0": 1, "200": 1 });
  expect(report.store.recommendations.overBudget).toBe(1); // the status-0 answer at exactly 800 ms: a timeout (measurement/site-timeout.ts)
  expect(report.store.recommendations.latencyP50).toBe(420);
  expect(report.quarantine).toEqual({
    total: 5,
    bySource: { [`file:${file}`]: { rating_out_of_range: 1, truncated: 1 }, telemetry: { bad_signature: 2, not_json: 1 } },
  });
});

test("readQualityInputs() lists the quarantine of the window by arrival time, grouped by source and reason", async () => {
  const inputs = await readQualityInputs(database.sql, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z");
  expect(inputs.quarantine).toEqual([{ source: "telemetry", reason: "bad_signature", count: 2 }]);
  expect((await readQualityInputs(database.sql, "2024-05-02T00:00:00Z", "2024-05-03T00:00:00Z")).quarantine).toEqual([
    { source: "telemetry", reason: "not_json", count: 1 },
  ]);
});

test("readQualityInputs() limits store figures to the event window", async () => {
  const inputs = await readQualityInputs(database.sql, "2023-02-08T03:02:30Z", "2023-02-08T04:00:00Z");
  expect(inputs.recommendations.requests).toBe(1);
  expect(inputs.ratings.count).toBe(0);
  expect(inputs.watch.sessions).toBe(0);
});
