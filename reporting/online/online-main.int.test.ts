/**
 * `bun run report online --day … --json` end to end: router telemetry, the site's
 * lists, watches and ratings (on a stream clock two hours ahead of the wall clock)
 * and two registered models go into a fresh database; the CLI must attribute the
 * lists, judge them up to one conversion window before the stream's watermark and
 * give the hand-computed figures beside the registry's offline metrics.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { ModelManifest } from "../../shared/model/manifest.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { registerModel } from "../../registry/model-registry.ts";
import { writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";
import type { OnlineReport } from "./online-report.ts";

const root = join(import.meta.dir, "..", "..");
const DAY = Date.UTC(2024, 5, 1);
const M = 60_000;
const T = DAY + 12 * 60 * M; // wall clock
const S = T + 2 * 60 * M; // the stream's clock, two hours ahead
let testDb: TestDatabase;
let database: Database;
let artifacts: string;

const textArray = (items: string[]) => database.sql`array(select jsonb_array_elements_text(${JSON.stringify(items)}::jsonb))`;

async function answer(id: string, at: number, userId: number | null, pool: string | null, version: string, items: string[], status = 200) {
  const fallback = version === "fallback";
  await database.sql`
    insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version, rules_version, assignments, items, fallback, fallback_reason)
    values (${id}, to_timestamp(${at} / 1000.0), ${userId}, ${status}, 20, ${pool}, ${version}, 1, '[]'::jsonb, ${textArray(items)},
      ${fallback}, ${fallback ? "no_worker_answer" : null})`;
}

async function shown(at: number, userId: number, items: string[], status = 200) {
  await database.sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items, error)
    values (to_timestamp(${at} / 1000.0), ${userId}, 'router:8082', ${status}, 30, ${textArray(items)}, ${status === 200 ? null : "refused"})`;
}

async function watched(userId: number, movieId: string, at: number, minutes: number) {
  await database.sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    values (${userId}, ${movieId}, to_timestamp(${at} / 1000.0), to_timestamp(${at + minutes * M} / 1000.0), '{}'::int[], ${minutes}, ${minutes - 1})`;
}

async function rated(userId: number, movieId: string, at: number, rating: number) {
  await database.sql`insert into rating_history (user_id, movie_id, rating, time) values (${userId}, ${movieId}, ${rating}, to_timestamp(${at} / 1000.0))`;
}

async function register(version: string, metrics: Record<string, unknown>) {
  const dir = await writeCircleArtifact(artifacts, version, "A");
  const manifest = ModelManifest.parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")));
  await registerModel(database.sql, { ...manifest, metrics }, dir);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { max: 1 });
  artifacts = mkdtempSync(join(tmpdir(), "online-report-"));
  await register("m1", { ndcg: 0.3, precision: 0.1, recall: 0.2, coverage: 0.4, gate: { pass: true, reasons: [] } });
  await register("m2", { ndcg: 0.2, precision: 0.05, recall: 0.1, coverage: 0.6 });
  await answer("r1", T + 1 * M, 1, "stable", "m1", ["a", "b"]);
  await answer("r2", T + 2 * M, 2, "stable", "m1", ["b", "c"]);
  await answer("r3", T + 3 * M, 3, "canary", "m2", ["d", "e"]);
  await answer("r4", T + 4 * M, 4, "stable", "fallback", ["p", "q"]); // charged to m1, the stable pool's nearest answer
  await answer("r5", T + 5 * M, 6, "canary", "m9", ["a"]); // a version the registry does not know
  await answer("r6", T + 6 * M, 1, "canary", "m2", ["a", "d"]);
  await answer("r7", T + 7 * M, null, null, "fallback", [], 400); // a malformed path: not an answer
  await answer("r0", DAY - 60 * M, 7, "stable", "m1", ["x", "y"]); // the day before: not served today, still attributes s8
  await shown(S + 1 * M, 1, ["a", "b"]); // m1, converts: a
  await shown(S + 2 * M, 2, ["b", "c"]); // m1
  await shown(S + 3 * M, 3, ["d", "e"]); // m2, converts: d
  await shown(S + 4 * M, 4, ["p", "q"]); // fallback
  await shown(S + 5 * M, 6, ["a"]); // m9, converts: a
  await shown(S + 6 * M, 1, ["a", "d"]); // m2: a started before it
  await shown(S + 7 * M, 5, ["z"]); // no answer: unattributed
  await shown(S + 8 * M, 7, ["x", "y"]); // m1 (yesterday's answer), converts: y
  await shown(S + 9 * M, 8, [], 0); // no answer reached the client: not judged
  await shown(DAY + 23 * 60 * M, 1, ["a", "b"]); // after the watermark less one window: not judged yet
  await watched(1, "a", S + 3 * M, 30);
  await watched(3, "d", S + 5 * M, 15);
  await watched(6, "a", S + 8 * M, 10);
  await watched(7, "y", S + 9 * M, 20);
  await rated(1, "a", S + 40 * M, 4);
  await rated(3, "d", S + 30 * M, 5);
  await database.sql`
    insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset, watermark)
    values ('ingest', 'c1', 'movielog', 0, 100, to_timestamp(${DAY + 23 * 60 * M} / 1000.0))`;
}, 60_000);

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
  if (artifacts) rmSync(artifacts, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([join(root, "node_modules", ".bin", "bun"), join(root, "reporting", "report-main.ts"), "online", ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: testDb.url, KAFKA_TOPIC: "movielog", ONLINE_CONVERSION_WINDOW_MS: String(10 * M) }, stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

test("report online --day --json gives each version's served and online figures beside its offline metrics", async () => {
  const { code, stdout, stderr } = await cli("--day", "2024-06-01", "--json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as OnlineReport;
  expect(report.telemetry).toEqual({ from: "2024-06-01T00:00:00.000Z", to: "2024-06-02T00:00:00.000Z" });
  expect(report.stream).toEqual({ from: "2024-06-01T00:00:00.000Z", to: "2024-06-02T00:00:00.000Z", judgedTo: "2024-06-01T22:50:00.000Z" });
  expect(report.catalogue).toBe(10);
  expect(report.versions).toEqual([
    {
      version: "m1",
      served: { requests: 2, users: 2, items: 3, coverage: 0.3, fallbacks: 1, fallbackShare: 1 / 3 },
      online: { lists: 3, converted: 2, conversionPerList: 2 / 3, users: 3, conversionPerUser: 2 / 3, watchMinutes: 50, ratings: 1, meanRating: 4 },
      offline: { ndcg: 0.3, precision: 0.1, recall: 0.2, coverage: 0.4 },
    },
    {
      version: "m2",
      served: { requests: 2, users: 2, items: 3, coverage: 0.3, fallbacks: 0, fallbackShare: 0 },
      online: { lists: 2, converted: 1, conversionPerList: 0.5, users: 2, conversionPerUser: 0.5, watchMinutes: 15, ratings: 1, meanRating: 5 },
      offline: { ndcg: 0.2, precision: 0.05, recall: 0.1, coverage: 0.6 },
    },
    {
      version: "m9",
      served: { requests: 1, users: 1, items: 1, coverage: 0.1, fallbacks: 0, fallbackShare: 0 },
      online: { lists: 1, converted: 1, conversionPerList: 1, users: 1, conversionPerUser: 1, watchMinutes: 10, ratings: 0, meanRating: null },
      offline: null,
    },
  ]);
  expect(report.fallback).toEqual({
    served: { requests: 1, users: 1, items: 2, coverage: 0.2, fallbacks: 1, fallbackShare: 1 / 6 },
    online: { lists: 1, converted: 0, conversionPerList: 0, users: 1, conversionPerUser: 0, watchMinutes: 0, ratings: 0, meanRating: null },
  });
  expect(report.unattributed).toEqual({ lists: 1, converted: 0, conversionPerList: 0, users: 1, conversionPerUser: 0, watchMinutes: 0, ratings: 0, meanRating: null });
  expect(report.ranking).toMatchObject({ compared: ["m1", "m2"], agree: true });
  expect(report.ranking.statement).toBe("Offline (nDCG) and online (conversion per list) rank the 2 versions the same way: m1 > m2.");
}, 60_000);

test("report online prints Markdown saying how the day is read on each clock", async () => {
  const { code, stdout } = await cli("--day", "2024-06-01");
  expect(code).toBe(0);
  expect(stdout).toStartWith("# Online quality report 2024-06-01");
  expect(stdout).toContain("behaviour (the site's lists, watches and ratings) on the stream's own clock");
  expect(stdout).toContain("| m9 | 1 | 100.00% | 1 | 100.00% | 10 | n/a | not in registry |");
  expect(stdout).toContain("| unattributed | 1 | 0.00% | 1 | 0.00% | 0 | n/a |");
}, 60_000);

test("report online refuses a bad day with exit 2", async () => {
  const { code, stderr } = await cli("--day", "June");
  expect(code).toBe(2);
  expect(stderr).toContain('--day must be a date YYYY-MM-DD: current value is "June"');
}, 60_000);
