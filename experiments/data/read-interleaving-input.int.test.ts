import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import { RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { readExperimentInput } from "./read-experiment-input.ts";
import { reportExperiment } from "./report-experiment.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const TOPIC = "movielog";
const T0 = Date.UTC(2026, 0, 10);
const S0 = Date.UTC(2026, 2, 1);
const NOW = T0 + 120 * MIN;
/** Long enough past the start that a first list at S0 + 10 min has a final preference (its 24 h observation window + one conversion window). */
const STREAM_CLOCK = S0 + 30 * HOUR;
const KEY = "blend-il";

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
    key: KEY,
    seed: KEY,
    coverage: 1,
    status: "running",
    variants: [{ key: "control", weight: 0.5 }, { key: "interleaved", weight: 0.5, interleave: { a: "stable", b: "canary" } }],
  }],
});

type Answer = { user: number; at: number; variant: string; items: string[]; interleaving: object | null };

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "experiment-interleaving-test" });
  await writeRules(database.sql, rules, { actor: "test", source: "cli" });
  await database.sql`
    insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset, watermark)
    values ('ingest', 'c1', ${TOPIC}, 0, 100, to_timestamp(${STREAM_CLOCK} / 1000.0))`;
  await database.sql`
    insert into experiment_designs (key, hypothesis, control_variant, primary_metric, guardrail_metrics,
      conversion_window_ms, observation_window_ms, created_by, started_at, stream_started_at)
    values (${KEY}, 'users prefer the canary ranking', 'control', 'conversion', array['latency_ms'], ${10 * MIN}, ${24 * HOUR}, 'test',
      to_timestamp(${T0} / 1000.0), to_timestamp(${S0} / 1000.0))`;
  const merged = (teams: string[]) => ({ a: "stable", b: "canary", interleaved: true, teams });
  const answers: Answer[] = [
    { user: 1, at: T0 + 1 * MIN, variant: "control", items: ["m1", "m2"], interleaving: null },
    { user: 2, at: T0 + 2 * MIN, variant: "interleaved", items: ["m1", "m2"], interleaving: merged(["A", "B"]) },
    { user: 3, at: T0 + 3 * MIN, variant: "interleaved", items: ["m3", "m4"], interleaving: merged(["A"]) },
    { user: 4, at: T0 + 4 * MIN, variant: "interleaved", items: ["m5"], interleaving: { ...merged(["A"]), interleaved: false } },
  ];
  const rows = answers.map((r) => ({ ...r, id: crypto.randomUUID(), assignments: [{ experiment: KEY, variant: r.variant }] }));
  await database.sql`
    insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason, interleaving)
    select x.id, to_timestamp(x.at / 1000.0), x.user, 200, 50, 'stable', 'als-1', 1,
      x.assignments, array(select jsonb_array_elements_text(x.items)), false, null, x.interleaving
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(id text, at float8, "user" int, assignments jsonb, items jsonb, interleaving jsonb)`;
  const shown = [
    { user: 1, at: S0 + 10 * MIN, items: ["m1", "m2"] },
    { user: 2, at: S0 + 10 * MIN, items: ["m1", "m2"] },
    { user: 3, at: S0 + 10 * MIN, items: ["m3", "m4"] },
    { user: 4, at: S0 + 10 * MIN, items: ["m5"] },
  ];
  await database.sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    select to_timestamp(x.at / 1000.0), x.user, 'site', 200, 80, array(select jsonb_array_elements_text(x.items))
    from jsonb_to_recordset(${JSON.stringify(shown)}::jsonb) as x(at float8, "user" int, items jsonb)`;
  // User 2 starts canary's movie (team B) within the conversion window.
  await database.sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    values (2, 'm2', to_timestamp(${S0 + 12 * MIN} / 1000.0), to_timestamp(${S0 + 20 * MIN} / 1000.0), array[1, 2], 2, 2)`;
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

test("readExperimentInput() reads the interleaving variant's preferences beside the usual rows", async () => {
  const read = await readExperimentInput(database.sql, KEY, { now: NOW, streamTopic: TOPIC });
  if (!read.ok) throw new Error(read.reason);
  expect(read.input.experiment.interleave).toEqual({ variant: "interleaved", a: "stable", b: "canary" });
  expect(read.input.users.map((u) => [u.userId, u.variant])).toEqual([
    ["1", "control"],
    ["2", "interleaved"],
    ["3", "interleaved"],
    ["4", "interleaved"],
  ]);
  expect(read.input.interleaving).toEqual({
    preferA: 0,
    preferB: 1,
    ties: 0,
    noCredit: 0,
    pendingUsers: 0,
    notInterleavedLists: 1,
    unmatchedLists: 0,
    refusedLists: 1,
  });
  expect(read.notes).toEqual([
    "1 interleaved answer(s) could not be credited and were left out: list: teams must name one team per item: 1 teams for 2 items",
  ]);
});

test("reportExperiment() prints the interleaving section and the preference headline", async () => {
  const json = await reportExperiment(database.sql, KEY, { format: "json", now: NOW, streamTopic: TOPIC });
  if (!json.ok) throw new Error(json.reason);
  const report = JSON.parse(json.text);
  expect(report.interleaving).toMatchObject({ variant: "interleaved", pools: { a: "stable", b: "canary" }, users: 3, prefer_b: 1 });
  expect(report.primary).toMatchObject({ metric: "preference", treatment: "interleaved", users: { control: 1, interleaved: 3 } });
  expect(report.conclusion.verdict).toBe("no detectable difference");
  const md = await reportExperiment(database.sql, KEY, { format: "md", now: NOW, streamTopic: TOPIC });
  expect(md.ok && md.text).toContain("## Interleaving: stable (A) vs canary (B)");
});
