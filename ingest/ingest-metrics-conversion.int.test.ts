/**
 * Conversion by model version read from a real Postgres (or the embedded one)
 * through the conversion refresher: lists of the last stream hour at least one
 * conversion window old, attributed to the router's identical answers.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { createLogger } from "../infra/log/logger.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { createIngestMetrics } from "./ingest-metrics.ts";
import { startConversionRefresher } from "./ingest-metrics-refresher.ts";
import { readConversion } from "./read-conversion.ts";

const M = 60_000;
/** The stream's clock: the movielog checkpoint's watermark. */
const END = Date.parse("2023-02-08T12:00:00Z");
const at = (hhmm: string) => Date.parse(`2023-02-08T${hhmm}:00Z`);
const log = createLogger("test", () => {});
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

const textArray = (items: string[]) => `array(select jsonb_array_elements_text('${JSON.stringify(items)}'::jsonb))::text[]`;
const ts = (ms: number) => `to_timestamp(${ms} / 1000.0)`;

async function insertList(time: number, userId: number, items: string[], status = 200) {
  await database.sql.unsafe(`insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    values (${ts(time)}, ${userId}, 'site', ${status}, 40, ${textArray(items)})`);
}
async function insertWatch(userId: number, movieId: string, firstTime: number) {
  await database.sql.unsafe(`insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    values (${userId}, '${movieId}', ${ts(firstTime)}, ${ts(firstTime + 3 * M)}, '{0,1,2,3}', 4, 3)`);
}
async function insertAnswer(requestId: string, time: number, userId: number, items: string[], modelVersion: string | null, status = 200) {
  await database.sql.unsafe(`insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version, rules_version, assignments, items, fallback)
    values ('${requestId}', ${ts(time)}, ${userId}, ${status}, 12, 'stable', ${modelVersion === null ? "null" : `'${modelVersion}'`}, 1, '{}', ${textArray(items)}, ${modelVersion === null})`);
}

// Runs first, while the database is still empty.
test("readConversion() reads nothing before anything was ingested", async () => {
  expect(await readConversion(database.sql, { streamTopic: "movielog", conversionWindowMs: 10 * M, periodMs: 60 * M })).toEqual([]);
});

test("startConversionRefresher() sets conversion and judged lists per model version from the last stream hour", async () => {
  await database.sql.unsafe(`insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset, watermark)
    values ('movielog-ingest', 'c', 'movielog', 0, 100, ${ts(END)}), ('telemetry-ingest', 'c', 'telemetry', 0, 100, ${ts(END + 600 * M)})`);
  // Judged: [10:50, 11:50) for a 10-minute window.
  await insertList(at("11:00"), 1, ["a", "b"]);
  await insertWatch(1, "b", at("11:05")); // converts
  await insertAnswer("r1", at("09:00"), 1, ["a", "b"], "m1");
  await insertAnswer("r1-other-order", at("09:00"), 1, ["b", "a"], "m3");
  await insertList(at("11:10"), 2, ["c"]);
  await insertWatch(2, "c", at("11:25")); // after the window: no conversion
  await insertAnswer("r2", at("09:10"), 2, ["c"], "m1");
  await insertAnswer("r2-failed", at("09:11"), 2, ["c"], "m2", 500);
  await insertList(at("11:20"), 3, ["d"]);
  await insertWatch(3, "d", at("11:21"));
  await insertAnswer("r3", at("09:20"), 3, ["d"], "m2");
  await insertList(at("11:30"), 4, ["e"]); // no answer: unattributed
  await insertWatch(4, "x", at("11:31")); // not recommended
  await insertList(at("11:35"), 5, ["f"]);
  await insertAnswer("r5", at("09:35"), 5, ["f"], null); // the router's fallback list
  await insertList(at("11:55"), 6, ["g"]); // less than a window old
  await insertList(at("10:40"), 7, ["h"]); // before the hour
  await insertList(at("11:40"), 8, ["i"], 500);
  await insertList(at("11:41"), 9, []);

  const metrics = createIngestMetrics();
  const refresher = startConversionRefresher({
    metrics,
    readLists: () => readConversion(database.sql, { streamTopic: "movielog", conversionWindowMs: 10 * M, periodMs: 60 * M }),
    intervalMs: 60_000,
    now: () => 1_700_000_000_000,
    log,
  });
  await refresher.first;
  refresher.stop();
  const samples = (await metrics.registry.metrics()).split("\n").filter((l) => /^(recommendation_conversion|ingest_conversion)/.test(l)).sort();
  expect(samples).toEqual([
    "ingest_conversion_refresh_failures_total 0",
    "ingest_conversion_refreshed_time_seconds 1700000000",
    'recommendation_conversion_lists{model_version="fallback"} 1',
    'recommendation_conversion_lists{model_version="m1"} 2',
    'recommendation_conversion_lists{model_version="m2"} 1',
    'recommendation_conversion_lists{model_version="unattributed"} 1',
    'recommendation_conversion_ratio{model_version="fallback"} 0',
    'recommendation_conversion_ratio{model_version="m1"} 0.5',
    'recommendation_conversion_ratio{model_version="m2"} 1',
    'recommendation_conversion_ratio{model_version="unattributed"} 0',
  ]);
});
