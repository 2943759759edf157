/**
 * One fixture of telemetry and stream events through every consumer of the measurement
 * layer: the judge's arm stats, the experiment report data, the online, availability and
 * analysis reports, the status page and the conversion gauge must report the same
 * conversion, exposure and availability for the same period and arm. Each user is a case
 * the old copies disagreed on, so a consumer that goes back to its own definition fails.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { conversionByVersion } from "../../ingest/ingest-metrics-conversion.ts";
import { readConversion } from "../../ingest/read-conversion.ts";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import { readStreamClock } from "../../measurement/stream-clock.ts";
import { readExperimentInput } from "../../experiments/data/read-experiment-input.ts";
import { readArmStats } from "../../release/supervisor/read-arm-stats.ts";
import { analyseFairness } from "../../reporting/analysis/fairness-by-group.ts";
import { readAnalysisInput } from "../../reporting/analysis/read-analysis-input.ts";
import { buildAvailabilityReport } from "../../reporting/availability/availability-report.ts";
import { readAvailabilityInput } from "../../reporting/availability/read-availability-input.ts";
import { buildOnlineReport } from "../../reporting/online/online-report.ts";
import { readOnlineInput } from "../../reporting/online/read-online-input.ts";
import { postgresStatusReader } from "../../router/status/postgres-status-reader.ts";
import { RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const MIN = 60_000;
const W = 10 * MIN;
const TOPIC = "movielog";
/** One day holds both clocks, so the online report's single window covers both. */
const T0 = Date.UTC(2026, 2, 1, 1);
const T1 = T0 + 30 * MIN;
const S0 = Date.UTC(2026, 2, 1, 2);
/** The watermark; lists of [S0, S0 + 30 min) are judged. */
const CLOCK = S0 + 40 * MIN;

let testDb: TestDatabase;
let database: Database;

const rules = RuleSet.parse({
  formatVersion: RULES_FORMAT_VERSION,
  version: 0,
  pools: {
    stable: { urls: ["http://worker-1:8080"], modelVersion: "als-1" },
    canary: { urls: ["http://worker-2:8080"], modelVersion: "als-2" },
  },
  routes: [],
  defaultPool: "stable",
  experiments: [{
    key: "ab", seed: "ab", coverage: 1, status: "running",
    variants: [{ key: "control", weight: 0.5, pool: "stable" }, { key: "treatment", weight: 0.5, pool: "canary" }],
  }],
});

type Answer = { user: number | null; at: number; arm: "stable" | "canary"; status?: number; latency?: number; fallback?: boolean; items?: string[] };
const variantOf = { stable: "control", canary: "treatment" } as const;
const versionOf = { stable: "als-1", canary: "als-2" } as const;

// Bulk inserts take one jsonb text parameter: the embedded database mishandles array parameters.
async function insertTelemetry(rows: Answer[]) {
  const json = rows.map((r) => ({
    id: crypto.randomUUID(), at: T0 + r.at, user: r.user, status: r.status ?? 200, latency: r.latency ?? 50, pool: r.arm,
    version: r.fallback ? "fallback" : versionOf[r.arm], fallback: r.fallback ?? false, items: r.items ?? [],
    assignments: [{ experiment: "ab", variant: variantOf[r.arm] }],
  }));
  await database.sql`
    insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason)
    select x.id, to_timestamp(x.at / 1000.0), x.user, x.status, x.latency, x.pool, x.version, 1,
      x.assignments, array(select jsonb_array_elements_text(x.items)), x.fallback, case when x.fallback then 'no_worker_answer' end
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb)
      as x(id text, at float8, "user" int, status int, latency float8, pool text, version text, fallback boolean, items jsonb, assignments jsonb)`;
}
async function insertShown(rows: { user: number; at: number; items: string[] }[]) {
  const json = rows.map((r) => ({ ...r, at: S0 + r.at }));
  await database.sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    select to_timestamp(x.at / 1000.0), x.user, 'site', 200, 80, array(select jsonb_array_elements_text(x.items))
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(at float8, "user" int, items jsonb)`;
}
async function insertWatches(rows: { user: number; movie: string; at: number }[]) {
  const json = rows.map((r) => ({ ...r, at: S0 + r.at }));
  await database.sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    select x.user, x.movie, to_timestamp(x.at / 1000.0), to_timestamp(x.at / 1000.0), array[1], 1, 1
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x("user" int, movie text, at float8)`;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "measurement-agreement-test" });
  await writeRules(database.sql, rules, { actor: "test", source: "cli" });
  await database.sql`
    insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset, watermark)
    values ('ingest', 'c1', ${TOPIC}, 0, 100, to_timestamp(${CLOCK} / 1000.0))`;
  await database.sql`
    insert into experiment_designs (key, hypothesis, control_variant, primary_metric, guardrail_metrics,
      conversion_window_ms, created_by, started_at, stream_started_at)
    values ('ab', 'ab raises conversion', 'control', 'conversion', '{}'::text[], ${W}, 'test',
      to_timestamp(${T0} / 1000.0), to_timestamp(${S0} / 1000.0))`;
  await insertTelemetry([
    { user: 1, at: 1 * MIN, arm: "stable", items: ["a", "b"] },
    { user: 2, at: 2 * MIN, arm: "stable", items: ["c"] },
    { user: 3, at: 3 * MIN, arm: "canary", items: ["d"] },
    { user: 4, at: 4 * MIN, arm: "canary", items: ["e"] },
    { user: 4, at: 5 * MIN, arm: "canary", items: ["f"] },
    { user: 5, at: 6 * MIN, arm: "stable", items: [] },
    // u6 on both arms: mixed, left out of exposure everywhere.
    { user: 6, at: 6 * MIN, arm: "stable", items: ["h"] },
    { user: 6, at: 7 * MIN, arm: "canary", items: ["h"] },
    // u7: a 200 on stable and a 500 on canary: single-arm (only 200s expose).
    { user: 7, at: 7 * MIN, arm: "stable", items: ["g"] },
    { user: 7, at: 8 * MIN, arm: "canary", status: 500 },
    { user: 8, at: 9 * MIN, arm: "stable", items: ["i"] },
    // Availability: a 200 at exactly the timeout is unavailable; a fallback in time is degraded.
    { user: 9, at: 10 * MIN, arm: "stable", latency: 800, items: ["j"] },
    { user: 10, at: 11 * MIN, arm: "stable", fallback: true, latency: 100, items: ["k"] },
    // A 400 without a user id counts nowhere.
    { user: null, at: 12 * MIN, arm: "stable", status: 400 },
  ]);
  await insertShown([
    { user: 1, at: 1 * MIN, items: ["a", "b"] }, // converts: watch at the list's own time
    { user: 2, at: 2 * MIN, items: ["c"] }, // does not: watch at exactly +W
    { user: 3, at: 3 * MIN, items: ["d"] }, // does not: watch at +17 min (the old 30-min window said yes)
    { user: 4, at: 4 * MIN, items: ["e"] }, // converts although the user's next list came first
    { user: 4, at: 5 * MIN, items: ["f"] },
    { user: 5, at: 6 * MIN, items: [] }, // empty: never judged
    { user: 7, at: 7 * MIN, items: ["g"] },
    { user: 8, at: 35 * MIN, items: ["i"] }, // inside the last window: not judged
    { user: 1, at: 45 * MIN, items: ["a", "b"] }, // after the watermark: outside every period
  ]);
  await insertWatches([
    { user: 1, movie: "a", at: 1 * MIN },
    { user: 2, movie: "c", at: 12 * MIN },
    { user: 3, movie: "d", at: 20 * MIN },
    { user: 4, movie: "e", at: 6 * MIN },
  ]);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

/** Judged lists 6, converted 2; per arm (single-arm users with lists): stable u1 1/1, u2 0/1, u7 0/1; canary u3 0/1, u4 1/2. */
const JUDGED = { lists: 6, converted: 2 };
const ARM_CONVERSION = { stable: { users: 3, mean: 1 / 3 }, canary: { users: 2, mean: 0.25 } };
/** Single-arm exposed users: stable u1 u2 u5 u7 u8 u9 u10, canary u3 u4; u6 is mixed. */
const EXPOSED = { stable: 7, canary: 2 };
/** Telemetry with a user id: 13 requests; unavailable: u7's 500 and u9's 800 ms; degraded: u10. */
const AVAILABILITY = { requests: 13, available: 11, degraded: 1 };

test("every consumer reads the same stream clock and judged period", async () => {
  expect(await readStreamClock(database.sql, TOPIC)).toBe(CLOCK);
  const online = await readOnlineInput(database.sql, { day: "2026-03-01", from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 2, 2), conversionWindowMs: W, streamTopic: TOPIC });
  expect(online.stream.judgedTo).toBe(CLOCK - W);
  const analysis = analyseFairness(await readAnalysisInput(database.sql, S0, CLOCK), profiles());
  expect(analysis.judgedTo).toBe(CLOCK - W);
  expect(analysis.conversionWindowMs).toBe(W);
});

test("the gauge, the online, experiment, analysis reports and the status page count the same conversions", async () => {
  const gauge = conversionByVersion(await readConversion(database.sql, { streamTopic: TOPIC, conversionWindowMs: W, periodMs: CLOCK - W - S0 }));
  const sum = (xs: { lists: number; converted: number }[]) => ({ lists: xs.reduce((n, x) => n + x.lists, 0), converted: xs.reduce((n, x) => n + x.converted, 0) });
  expect(sum([...gauge.values()])).toEqual(JUDGED);

  const online = buildOnlineReport(await readOnlineInput(database.sql, { day: "2026-03-01", from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 2, 2), conversionWindowMs: W, streamTopic: TOPIC }));
  const parts = [...online.versions.map((v) => v.online), online.fallback.online, online.unattributed];
  expect(sum(parts.map((p) => ({ lists: p.lists, converted: p.converted })))).toEqual(JUDGED);

  const experiment = await readExperimentInput(database.sql, "ab", { now: T1, streamTopic: TOPIC });
  if (!experiment.ok) throw new Error(experiment.reason);
  const users = experiment.input.users;
  expect(sum(users.map((u) => ({ lists: u.requests, converted: u.conversions })))).toEqual(JUDGED);

  const analysis = analyseFairness(await readAnalysisInput(database.sql, S0, CLOCK), profiles());
  expect({ lists: analysis.requests, converted: Math.round(analysis.conversion * analysis.requests) }).toEqual(JUDGED);

  const snapshot = await statusSnapshot();
  const conversion = snapshot.conversion!;
  const judged = conversion.buckets.filter((b) => b.start + conversion.bucketMs + W <= conversion.streamEnd);
  expect(sum(judged.map((b) => ({ lists: b.total, converted: b.good })))).toEqual(JUDGED);
});

test("the judge and the experiment agree on conversion per arm and on exposure, with mixed users left out", async () => {
  const stats = await readArmStats(database.sql, {
    stablePool: "stable", canaryPool: "canary", from: T0, to: T1, streamFrom: S0,
    streamTo: await readStreamClock(database.sql, TOPIC), conversionWindowMs: W, clientTimeoutMs: 800,
  });
  expect(stats.users).toEqual(EXPOSED);
  expect(stats.stable.conversion.users).toBe(ARM_CONVERSION.stable.users);
  expect(stats.stable.conversion.mean).toBeCloseTo(ARM_CONVERSION.stable.mean, 12);
  expect(stats.canary.conversion.mean).toBeCloseTo(ARM_CONVERSION.canary.mean, 12);

  const experiment = await readExperimentInput(database.sql, "ab", { now: T1, streamTopic: TOPIC });
  if (!experiment.ok) throw new Error(experiment.reason);
  const count = (variant: string) => experiment.input.users.filter((u) => u.variant === variant).length;
  expect({ stable: count("control"), canary: count("treatment") }).toEqual(EXPOSED);
  expect(experiment.notes).toContain("1 user(s) seen in more than one variant were left out");
  const judgedUsers = experiment.input.users.filter((u) => u.variant === "control" && u.requests > 0);
  expect(judgedUsers.length).toBe(ARM_CONVERSION.stable.users);
  expect(judgedUsers.reduce((n, u) => n + u.conversions / u.requests, 0) / judgedUsers.length).toBeCloseTo(ARM_CONVERSION.stable.mean, 12);

  const snapshot = await statusSnapshot();
  expect(snapshot.variantUsers.map((v) => [v.variant, v.users])).toEqual([["control", EXPOSED.stable], ["treatment", EXPOSED.canary]]);
});

test("the availability report and the status page agree: 800 ms is a timeout, a fallback in time is degraded", async () => {
  const report = buildAvailabilityReport(await readAvailabilityInput(database.sql, T0, T1));
  expect({ requests: report.telemetry.requests, available: report.telemetry.available, degraded: report.telemetry.degraded }).toEqual(AVAILABILITY);
  const buckets = (await statusSnapshot()).availability.buckets;
  expect({
    requests: buckets.reduce((n, b) => n + b.total, 0),
    available: buckets.reduce((n, b) => n + b.good, 0),
    degraded: buckets.reduce((n, b) => n + (b.degraded ?? 0), 0),
  }).toEqual(AVAILABILITY);
});

function statusSnapshot() {
  return postgresStatusReader(database.sql, { hours: 6, bucketMs: 5 * MIN, clientTimeoutMs: 800, conversionWindowMs: W, streamTopic: TOPIC })
    .read({ now: T1, experiments: ["ab"] });
}

function profiles() {
  const users = new Map([1, 2, 3, 4, 5, 7, 8].map((id) => [id, { user_id: id, age: 30, occupation: "writer", gender: "F" }]));
  return users;
}
