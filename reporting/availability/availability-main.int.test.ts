/**
 * `bun run report availability --json` end to end: telemetry and stream rows are
 * inserted into a fresh database, the CLI reads them back and must give the
 * hand-computed figures and downtime intervals for its window.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import type { AvailabilityReport } from "./availability-report.ts";

const root = join(import.meta.dir, "..", "..");
const T0 = Date.UTC(2024, 5, 1, 12);
const M = 60_000;
let testDb: TestDatabase;
let database: Database;

type Telemetry = { at: number; status?: number; latency?: number; fallback?: string | null; userId?: number | null };
type Stream = { at: number; status?: number; latency?: number; error?: string | null };

async function insertTelemetry(rows: Telemetry[]) {
  for (const [i, r] of rows.entries()) {
    await database.sql`
      insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version, rules_version, assignments, items, fallback, fallback_reason)
      values (${`req-${i}`}, to_timestamp(${r.at} / 1000.0), ${r.userId === undefined ? 1 : r.userId}, ${r.status ?? 200}, ${r.latency ?? 20}, 'stable', 'm1', 1,
        '[]'::jsonb, ${["a"]}, ${r.fallback != null}, ${r.fallback ?? null})`;
  }
}

async function insertStream(rows: Stream[]) {
  for (const [i, r] of rows.entries()) {
    await database.sql`
      insert into recommendation_events (time, user_id, server, status, latency_ms, items, error)
      values (to_timestamp(${r.at} / 1000.0), ${i + 1}, 'router:8082', ${r.status ?? 200}, ${r.latency ?? 30}, ${r.status === 0 ? [] : ["a"]}, ${r.error ?? null})`;
  }
}

const times = (minute: number, n: number) => Array.from({ length: n }, (_, k) => T0 + minute * M + k * 1000);

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { max: 1 });
  await insertTelemetry([
    ...times(0, 10).map((at) => ({ at })), // minute 0: all good
    ...times(1, 8).map((at) => ({ at })), // minute 1: 8 good, 2 late fallbacks after no worker answered
    ...times(1, 2).map((at) => ({ at: at + 30_000, latency: 1200, fallback: "no_worker_answer" })),
    ...times(2, 4).map((at) => ({ at, latency: 950, fallback: "no_worker_answer" })), // minute 2: down
    ...times(3, 5).map((at) => ({ at, fallback: "no_rules", latency: 10 })), // minute 3: degraded but available
    { at: T0 + 3 * M + 40_000, userId: null, status: 400 }, // a malformed path: not counted
    { at: T0 - M }, // before the window
  ]);
  await insertStream([
    ...times(0, 10).map((at) => ({ at })),
    ...times(4, 3).map((at) => ({ at, status: 0, latency: 2, error: "java.net.ConnectException: Connection refused: router:8082" })),
    { at: T0 + 5 * M, status: 0, latency: 800, error: "java.util.concurrent.TimeoutException: Request timeout to router:8082 after 800 ms" },
    { at: T0 + 5 * M + 1000 },
    { at: T0 + 10 * M }, // at the window's end: excluded
  ]);
}, 60_000);

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([join(root, "node_modules", ".bin", "bun"), join(root, "reporting", "report-main.ts"), "availability", ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: testDb.url }, stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

test("report availability --json gives both sources' figures and their downtime for the window", async () => {
  const { code, stdout, stderr } = await cli("--json", "--from", new Date(T0).toISOString(), "--to", String(T0 + 10 * M));
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as AvailabilityReport;
  expect([report.from, report.to]).toEqual(["2024-06-01T12:00:00.000Z", "2024-06-01T12:10:00.000Z"]);
  expect(report.telemetry).toEqual({ requests: 29, available: 23, availability: 23 / 29, degraded: 5, unavailable: { "no worker answered": 6 } });
  expect(report.stream).toEqual({ requests: 15, available: 11, availability: 11 / 15, unavailable: { "router unreachable": 3, "slow answers": 1 } });
  expect(report.downtime).toEqual([
    { source: "telemetry", from: "2024-06-01T12:01:00.000Z", to: "2024-06-01T12:03:00.000Z", requests: 14, availability: 8 / 14, cause: "no worker answered", causes: { "no worker answered": 6 } },
    { source: "stream", from: "2024-06-01T12:04:00.000Z", to: "2024-06-01T12:06:00.000Z", requests: 5, availability: 1 / 5, cause: "router unreachable", causes: { "router unreachable": 3, "slow answers": 1 } },
  ]);
}, 60_000);

test("report availability prints Markdown saying the stream is read on its own clock", async () => {
  const { code, stdout } = await cli("--from", String(T0), "--to", String(T0 + 10 * M));
  expect(code).toBe(0);
  expect(stdout).toStartWith("# Availability report 2024-06-01T12:00:00.000Z – 2024-06-01T12:10:00.000Z");
  expect(stdout).toContain("the stream on the site's own clock");
  expect(stdout).toContain("| stream | 2024-06-01T12:04:00.000Z | 2024-06-01T12:06:00.000Z | 5 | 20.00% | router unreachable |");
}, 60_000);

test("report availability refuses a bad time with exit 2", async () => {
  const { code, stderr } = await cli("--from", "yesterday");
  expect(code).toBe(2);
  expect(stderr).toContain('--from must be an ISO time, epoch ms or a duration like -24h: current value is "yesterday"');
}, 60_000);
