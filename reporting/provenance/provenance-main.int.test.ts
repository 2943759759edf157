/**
 * `bun run report provenance` end to end: a model registered from a small artifact
 * whose snapshot is frozen in a temporary SNAPSHOT_DIR, rules written through the
 * rules store (so an audit row exists), and telemetry rows; both lookups must
 * explain the request, a fallback must say it had no model, an unknown id exits 2.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import { ModelManifest } from "../../shared/model/manifest.ts";
import { RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { registerModel } from "../../registry/model-registry.ts";
import { writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";
import type { Provenance } from "./build-provenance.ts";

const root = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "report-provenance-"));
const snapshotDir = join(dir, "snapshots");
const HASH = "cd".repeat(32);
const SNAPSHOT = "snap-cdcdcdcdcdcdcdcdcdcd";
const T0 = Date.UTC(2024, 5, 1, 12);
let testDb: TestDatabase;
let database: Database;
let rulesVersion: number;

async function register(version: string) {
  const artifact = await writeCircleArtifact(join(dir, "artifacts"), version, "A");
  const manifest = ModelManifest.parse(JSON.parse(readFileSync(join(artifact, "manifest.json"), "utf8")));
  await registerModel(database.sql, {
    ...manifest,
    snapshot: { id: SNAPSHOT, source: "event-store", rows: { ratings: 4, watch: 6 }, timeRange: { from: "2024-05-01T00:00:00.000Z", to: "2024-05-31T00:00:00.000Z" }, filters: { contentHash: HASH, cutoff: Date.UTC(2024, 4, 31) } },
    metrics: { ndcg: 0.31 },
  }, artifact);
}

async function insertTelemetry(
  id: string,
  at: number,
  extra: { model: string; fallback: string | null; items: string[]; clientRequestId?: string },
) {
  await database.sql`
    insert into telemetry_events (request_id, client_request_id, time, user_id, status, latency_ms, pool, model_version, rules_version,
      assignments, items, fallback, fallback_reason)
    values (${id}, ${extra.clientRequestId ?? null}, to_timestamp(${at} / 1000.0), 10, 200, 14, 'stable', ${extra.model}, ${rulesVersion},
      ${JSON.stringify([{ experiment: "ranking", variant: "treatment" }])}::jsonb, ${extra.items}, ${extra.fallback !== null}, ${extra.fallback})`;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { max: 1 });
  await register("m1");
  ({ version: rulesVersion } = await writeRules(database.sql, RuleSet.parse({
    formatVersion: RULES_FORMAT_VERSION, version: 0,
    pools: { stable: { urls: ["http://127.0.0.1:9"], modelVersion: "m1" } },
    routes: [], defaultPool: "stable", experiments: [],
  }), { actor: "provenance-test", source: "seed" }));
  mkdirSync(join(snapshotDir, SNAPSHOT), { recursive: true });
  writeFileSync(join(snapshotDir, SNAPSHOT, "snapshot.json"), JSON.stringify({ id: SNAPSHOT, contentHash: HASH }));
  await insertTelemetry("req-model", T0, { model: "m1", fallback: null, items: ["a", "b", "d", "c", "e"] });
  await insertTelemetry("req-fallback", T0 + 60_000, { model: "fallback", fallback: "no_worker_answer", items: ["d", "c"] });
  // Callers' X-Request-Ids, after the requests above: one sent once, one sent by two requests (the router keys neither).
  await insertTelemetry("req-router-1", T0 + 600_000, { model: "m1", fallback: null, items: ["a"], clientRequestId: "caller-once" });
  await insertTelemetry("req-router-2", T0 + 610_000, { model: "m1", fallback: null, items: ["a"], clientRequestId: "caller-twice" });
  await insertTelemetry("req-router-3", T0 + 620_000, { model: "m1", fallback: null, items: ["b"], clientRequestId: "caller-twice" });
}, 60_000);

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn([join(root, "node_modules", ".bin", "bun"), join(root, "reporting", "report-main.ts"), "provenance", ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: testDb.url, SNAPSHOT_DIR: snapshotDir }, stdout: "pipe", stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

test("report provenance <id> --json explains a model's answer down to its training snapshot", async () => {
  const { code, stdout, stderr } = await cli("req-model", "--json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const report = JSON.parse(stdout) as Provenance;
  expect(report).toMatchObject({
    answeredBy: "model", pool: "stable", modelVersion: "m1", rulesVersion, assignments: [{ experiment: "ranking", variant: "treatment" }],
    request: { requestId: "req-model", time: "2024-06-01T12:00:00.000Z", userId: 10, items: ["a", "b", "d", "c", "e"] },
    rules: { version: rulesVersion, actor: "provenance-test", source: "seed" },
    model: { version: "m1", status: "registered", metrics: { ndcg: 0.31 }, code: { commit: "0123abc", dirty: false } },
    trainingData: {
      snapshotId: SNAPSHOT, rows: { ratings: 4, watch: 6 }, contentHash: HASH, recorded: false,
      onDisk: { path: join(snapshotDir, SNAPSHOT), exists: true, contentHashMatches: true },
    },
  });
  expect(report.model?.runtime.name).toBe("bun");
  expect(report.trainingData?.rebuild).toStartWith(`SNAPSHOT_DIR=${snapshotDir} bun run train --dataset snapshot:${SNAPSHOT}`);
}, 60_000);

test("report provenance --user --at finds the user's request at or before the time", async () => {
  const before = await cli("--user", "10", "--at", String(T0 + 59_000), "--json");
  expect(before.code).toBe(0);
  expect((JSON.parse(before.stdout) as Provenance).request.requestId).toBe("req-model");
  const later = await cli("--user", "10", "--at", "2024-06-01T12:05:00Z", "--json");
  const report = JSON.parse(later.stdout) as Provenance;
  expect(report).toMatchObject({ answeredBy: "fallback", model: null, trainingData: null, request: { requestId: "req-fallback" } });
  expect(report.summary).toContain("fallback list (no_worker_answer), no model");
}, 60_000);

test("report provenance prints Markdown, and exits 2 with one line for an unknown request or user", async () => {
  const markdown = await cli("req-model");
  expect(markdown.code).toBe(0);
  expect(markdown.stdout).toStartWith("# Provenance of request req-model");
  expect(markdown.stdout).toContain(`Rebuild: SNAPSHOT_DIR=${snapshotDir} bun run train --dataset snapshot:${SNAPSHOT}`);
  const unknown = await cli("no-such-request");
  expect([unknown.code, unknown.stderr]).toEqual([2, 'no telemetry for request id "no-such-request"\n']);
  const early = await cli("--user", "10", "--at", String(T0 - 1));
  expect([early.code, early.stderr]).toEqual([2, "no telemetry for user 10 at or before 2024-06-01T11:59:59.999Z\n"]);
}, 60_000);

test("report provenance <caller's X-Request-Id> explains the one request that sent it, and names the router's ids when several did", async () => {
  const once = await cli("caller-once", "--json");
  expect(once.code).toBe(0);
  expect((JSON.parse(once.stdout) as Provenance).request.requestId).toBe("req-router-1");
  const twice = await cli("caller-twice");
  expect([twice.code, twice.stderr]).toEqual([
    2,
    'request id "caller-twice" is not the router\'s and 2 requests sent it as X-Request-Id: give one of the router\'s ids (req-router-3, req-router-2)\n',
  ]);
}, 60_000);
