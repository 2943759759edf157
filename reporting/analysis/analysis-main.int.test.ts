/**
 * `bun run report analysis --json` end to end: a seeded simulator run with the
 * shilling and feedback-loop faults goes through the ingestion code into a fresh
 * database; the CLI's JSON must match the pure analyses of the same events, flag
 * the shilling target, and get fairness from the simulator's user API (or say it
 * could not when the API is down).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { parseLine } from "../../shared/movielog/parse-line.ts";
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { simulate } from "../../simulator/engine/simulate.ts";
import { startProfileServer, type ProfileServer } from "../../simulator/io/profile-api.ts";
import { createWorld } from "../../simulator/world/create-world.ts";
import { freePort } from "../../tests/support/free-port.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { createPostgresEventStore } from "../../ingest/postgres-event-store.ts";
import { replayFile } from "../../ingest/replay-file.ts";
import { analysisInputFromEvents } from "./analysis-input-from-events.ts";
import { type AnalysisReport, buildAnalysisReport } from "./analysis-report.ts";

const root = join(import.meta.dir, "..", "..");
const world = createWorld(31, { users: 100, movies: 120 });
let testDb: TestDatabase;
let database: Database;
let api: ProfileServer;
let events: MovielogEvent[];
let shillingTarget: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  api = startProfileServer(world, 0, "127.0.0.1");
  const ids = world.movies.map((m) => m.profile.id);
  const run = await simulate({
    world, seed: 2, start: Date.UTC(2024, 5, 1), server: "recommender:8082", requests: 1500, ratePerSecond: 0.05, oracle: false,
    faults: new Set(["shilling", "feedback-loop"]),
    recommend: (userId) => Array.from({ length: 20 }, (_, k) => ids[(userId * 7 + k * 13) % ids.length]),
  });
  shillingTarget = run.shillingTarget;
  // Only a session's first minute matters to the analyses: dropping the rest keeps the load small.
  const lines = run.lines.map((l) => l.line).filter((line) => {
    const parsed = parseLine(line);
    return parsed.ok && (parsed.event.kind !== "watch" || parsed.event.minute === 0);
  });
  events = lines.map((line) => {
    const parsed = parseLine(line);
    if (!parsed.ok) throw new Error(`a kept line stopped parsing: ${line}`);
    return parsed.event;
  });
  const file = join(mkdtempSync(join(tmpdir(), "report-analysis-")), "movielog.log");
  writeFileSync(file, lines.join("\n") + "\n");
  await replayFile(file, createPostgresEventStore(database.sql, { lateToleranceMs: 60_000 }), { batchLines: 5000 });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await database?.close();
  await testDb?.drop();
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([join(root, "node_modules", ".bin", "bun"), join(root, "reporting", "report-main.ts"), "analysis", ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: testDb.url, USER_API_URL: "" }, stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

test("report analysis --json reads the store into the same figures the pure analyses give, and flags the shilling", async () => {
  const { code, stdout, stderr } = await cli("--json", "--user-api", `http://127.0.0.1:${api.port}`);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as AnalysisReport;
  const expected = buildAnalysisReport(analysisInputFromEvents(events), { status: "ok", users: new Map(world.users.map((u) => [u.user_id, u])), source: "world" });
  expect(report.counts).toEqual(expected.counts);
  expect(report.feedbackLoop).toEqual(JSON.parse(JSON.stringify(expected.feedbackLoop)));
  expect(report.attacks).toEqual(JSON.parse(JSON.stringify(expected.attacks)));
  expect(report.attacks.flagged).toBe(true);
  expect(report.attacks.attacks.map((a) => a.movieId)).toEqual([shillingTarget]);
  expect(report.fairness.status).toBe("ok");
  if (report.fairness.status !== "ok" || expected.fairness.status !== "ok") return;
  expect(report.fairness.groups).toEqual(JSON.parse(JSON.stringify(expected.fairness.groups)));
  expect(report.fairness.source).toBe(`http://127.0.0.1:${api.port}`);
}, 60_000);

test("report analysis still reports when the user API is down, and honours the time window", async () => {
  const closed = await freePort();
  const from = new Date(events[0].time + 3_600_000).toISOString();
  const { code, stdout } = await cli("--json", "--user-api", `http://127.0.0.1:${closed}`, "--from", from);
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as AnalysisReport;
  expect(report.fairness).toMatchObject({ status: "unavailable", flagged: false });
  expect(report.fairness.reason).toStartWith("fairness not analysed: user API (USER_API_URL or --user-api) unreachable");
  // The report is archived: it names the setting, never the API's address.
  expect(report.fairness.reason).not.toContain(`127.0.0.1:${closed}`);
  expect(report.from).toBe(from);
  const later = events.filter((e) => e.kind === "recommendation" && e.status === 200 && e.time >= Date.parse(from)).length;
  expect(report.counts.recommendations).toBe(later);
}, 60_000);

test("report analysis prints Markdown by default", async () => {
  const { code, stdout } = await cli();
  expect(code).toBe(0);
  expect(stdout).toStartWith("# Analysis report ");
  expect(stdout).toContain("## Rating attacks: **FLAGGED**");
  expect(stdout).toContain("fairness not analysed: no user API configured");
}, 60_000);
