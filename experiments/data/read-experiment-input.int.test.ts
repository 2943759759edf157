import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import type { UserRow } from "../report/experiment-report-input.ts";
import { readExperimentInput } from "./read-experiment-input.ts";
import { readExposures } from "./read-exposures.ts";
import { readStreamBehaviour } from "./read-stream-behaviour.ts";
import { reportExperiment } from "./report-experiment.ts";

const MIN = 60_000;
const TOPIC = "movielog";
/** Wall clock of the experiment's start; the stream's clock runs 50 days ahead. */
const T0 = Date.UTC(2026, 0, 10);
const S0 = Date.UTC(2026, 2, 1);
const NOW = T0 + 120 * MIN;
/** The stream clock: recommendations are judged in [S0, S0 + 110 min), the pre-period in [S0 − 120, S0 − 10). */
const STREAM_CLOCK = S0 + 120 * MIN;

let testDb: TestDatabase;
let database: Database;

const experiment = (key: string, seed: string) => ({
  key,
  seed,
  coverage: 1,
  status: "running" as const,
  variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5 }],
});
const rules = RuleSet.parse({
  formatVersion: RULES_FORMAT_VERSION,
  version: 0,
  pools: { stable: { urls: ["http://worker-1:8080"], modelVersion: "als-1" } },
  routes: [],
  defaultPool: "stable",
  experiments: [
    { ...experiment("ranker-ab", "ranker-ab"), namespace: ["home", 0, 0.5] },
    experiment("aa", "aa"),
    experiment("other", "other"),
  ],
});

type Telemetry = { user: number; at: number; status?: number; latency: number; assignments: object[] };
type Shown = { user: number; at: number; items: string[]; status?: number };
type Session = { user: number; movie: string; at: number; minutes: number };
type Rating = { user: number; movie: string; at: number; rating: number };

// Bulk inserts take one jsonb text parameter: the embedded database mishandles array parameters.
async function insertTelemetry(rows: Telemetry[]) {
  const json = rows.map((r) => ({ ...r, id: crypto.randomUUID(), status: r.status ?? 200 }));
  await database.sql`
    insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason)
    select x.id, to_timestamp(x.at / 1000.0), x.user, x.status, x.latency, 'stable', 'als-1', 1,
      x.assignments, '{}'::text[], false, null
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb)
      as x(id text, at float8, "user" int, status int, latency float8, assignments jsonb)`;
}
async function insertShown(rows: Shown[]) {
  const json = rows.map((r) => ({ ...r, status: r.status ?? 200 }));
  await database.sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    select to_timestamp(x.at / 1000.0), x.user, 'site', x.status, 80,
      array(select jsonb_array_elements_text(x.items))
    from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as x(at float8, "user" int, items jsonb, status int)`;
}
async function insertSessions(rows: Session[]) {
  await database.sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    select x.user, x.movie, to_timestamp(x.at / 1000.0), to_timestamp(x.at / 1000.0) + x.minutes * interval '1 minute',
      array(select generate_series(1, x.minutes)), x.minutes, x.minutes
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("user" int, movie text, at float8, minutes int)`;
}
async function insertRatings(rows: Rating[]) {
  await database.sql`
    insert into rating_history (user_id, movie_id, rating, time)
    select x.user, x.movie, x.rating, to_timestamp(x.at / 1000.0)
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("user" int, movie text, rating int, at float8)`;
}
async function insertDesign(key: string, primaryMetric: string, guardrails: string[]) {
  await database.sql`
    insert into experiment_designs (key, hypothesis, control_variant, primary_metric, guardrail_metrics,
      conversion_window_ms, created_by, started_at, stream_started_at)
    values (${key}, ${`${key} raises conversion`}, 'control', ${primaryMetric},
      array(select jsonb_array_elements_text(${JSON.stringify(guardrails)}::jsonb)), ${10 * MIN}, 'test',
      to_timestamp(${T0} / 1000.0), to_timestamp(${S0} / 1000.0))`;
}
const ab = (variant: string) => ({ experiment: "ranker-ab", variant });

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "experiment-data-test" });
  await writeRules(database.sql, rules, { actor: "test", source: "cli" });
  await database.sql`
    insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset, watermark)
    values ('ingest', 'c1', ${TOPIC}, 0, 100, to_timestamp(${STREAM_CLOCK} / 1000.0))`;
  await insertDesign("ranker-ab", "conversion", ["latency_ms"]);

  await insertTelemetry([
    // User 1, control: three answers (one a 504, which counts for latency but not exposure);
    // an earlier answer in the other variant falls before the experiment and is ignored.
    { user: 1, at: T0 - 1 * MIN, latency: 900, assignments: [ab("treatment")] },
    { user: 1, at: T0 + 1 * MIN, latency: 100, assignments: [ab("control")] },
    { user: 1, at: T0 + 2 * MIN, latency: 200, assignments: [ab("control"), { experiment: "other", variant: "a" }] },
    { user: 1, at: T0 + 3 * MIN, status: 504, latency: 300, assignments: [ab("control")] },
    // User 2, treatment.
    { user: 2, at: T0 + 5 * MIN, latency: 50, assignments: [{ experiment: "other", variant: "b" }, ab("treatment")] },
    { user: 2, at: T0 + 6 * MIN, latency: 70, assignments: [ab("treatment")] },
    // User 3 in both variants: left out.
    { user: 3, at: T0 + 1 * MIN, latency: 10, assignments: [ab("control")] },
    { user: 3, at: T0 + 2 * MIN, latency: 10, assignments: [ab("treatment")] },
    // User 4 only after now, user 5 only in another experiment, user 6 only failed answers: not enrolled.
    { user: 4, at: NOW + 1 * MIN, latency: 10, assignments: [ab("treatment")] },
    { user: 5, at: T0 + 1 * MIN, latency: 10, assignments: [{ experiment: "other", variant: "a" }] },
    { user: 6, at: T0 + 1 * MIN, status: 500, latency: 10, assignments: [ab("control")] },
  ]);
  await insertShown([
    { user: 1, at: S0 + 10 * MIN, items: ["m1", "m2"] },
    { user: 1, at: S0 + 20 * MIN, items: ["m3"] },
    { user: 1, at: S0 + 30 * MIN, items: ["m4"] },
    { user: 1, at: S0 + 40 * MIN, items: [], status: 500 },
    // After the judged period (S0 + 110 min): not counted.
    { user: 1, at: S0 + 115 * MIN, items: ["m5"] },
    // Pre-period: two requests, one converting; the one in the last conversion window before S0 is outside it.
    { user: 1, at: S0 - 100 * MIN, items: ["p1"] },
    { user: 1, at: S0 - 60 * MIN, items: ["p2"] },
    { user: 1, at: S0 - 5 * MIN, items: ["p3"] },
    // User 2: two requests recommending the same movie, watched once within both windows.
    { user: 2, at: S0 + 50 * MIN, items: ["m1", "m6"] },
    { user: 2, at: S0 + 55 * MIN, items: ["m6"] },
    { user: 3, at: S0 + 50 * MIN, items: ["m1"] },
  ]);
  await insertSessions([
    { user: 1, movie: "m1", at: S0 + 12 * MIN, minutes: 40 }, // converts the first request
    { user: 1, movie: "m2", at: S0 + 5 * MIN, minutes: 99 }, // started before it was recommended
    { user: 1, movie: "m3", at: S0 + 35 * MIN, minutes: 30 }, // 15 min after: outside the window
    { user: 1, movie: "m4", at: S0 + 31 * MIN, minutes: 20 }, // converts the third request
    { user: 1, movie: "m5", at: S0 + 116 * MIN, minutes: 50 },
    { user: 1, movie: "p1", at: S0 - 95 * MIN, minutes: 30 },
    { user: 1, movie: "p3", at: S0 - 4 * MIN, minutes: 10 },
    { user: 2, movie: "m6", at: S0 + 56 * MIN, minutes: 15 },
    { user: 3, movie: "m1", at: S0 + 51 * MIN, minutes: 15 },
  ]);
  await insertRatings([
    { user: 1, movie: "m1", at: S0 + 60 * MIN, rating: 4 },
    { user: 1, movie: "m4", at: S0 + 40 * MIN, rating: 2 },
    // Re-rated after the stream's end: the rating as of the end counts.
    { user: 1, movie: "m4", at: S0 + 125 * MIN, rating: 5 },
    { user: 1, movie: "m3", at: S0 + 50 * MIN, rating: 3 }, // not an attributed watch
  ]);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

test("readExperimentInput() reads each enrolled user's telemetry and stream behaviour", async () => {
  const result = await readExperimentInput(database.sql, "ranker-ab", { now: NOW, streamTopic: TOPIC });
  if (!result.ok) throw new Error(result.reason);
  expect(result.input.experiment).toEqual({
    key: "ranker-ab",
    hypothesis: "ranker-ab raises conversion",
    layer: "home [0, 0.5)",
    variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5 }],
    controlVariant: "control",
    primaryMetric: "conversion",
    guardrailMetrics: ["latency_ms"],
    alpha: 0.05,
    plannedUsers: 10_000,
    targetLift: 0.05,
    targetPower: 0.8,
    equivalenceMargin: null,
    guardrailAlpha: 0.05,
    guardrailMargins: {},
    observationWindowMs: 7 * 24 * 60 * MIN,
  });
  const expected: UserRow[] = [
    {
      userId: "1",
      variant: "control",
      exposures: 2,
      requests: 3,
      conversions: 2,
      watchMinutes: 60,
      ratingSum: 6,
      ratingCount: 2,
      latencyMsMean: 200,
      answers: 3,
      preConversion: 0.5,
      preWatchMinutes: 30,
      firstExposureAt: T0 + 1 * MIN,
      // Seven days have not passed since the first exposure: the values may still change.
      windowClosed: false,
    },
    {
      userId: "2",
      variant: "treatment",
      exposures: 2,
      requests: 2,
      conversions: 2,
      watchMinutes: 15,
      ratingSum: 0,
      ratingCount: 0,
      latencyMsMean: 60,
      answers: 2,
      preConversion: 0,
      preWatchMinutes: 0,
      firstExposureAt: T0 + 5 * MIN,
      windowClosed: false,
    },
  ];
  expect(result.input.users).toEqual(expected);
  expect(result.notes).toEqual(["1 user(s) seen in more than one variant were left out"]);
});

test("readStreamBehaviour() and readExposures() keep each user to their observation window", async () => {
  // 15 minutes of stream time from each user's first judged list: user 1's lists at +10 and +20
  // (not +30), user 2's at +50 and +55; both windows close before the judged end (S0 + 110 min).
  const behaviour = await readStreamBehaviour(database.sql, ["1", "2"], { from: S0, to: S0 + 110 * MIN }, 10 * MIN, 15 * MIN);
  expect(behaviour.get("1")).toMatchObject({ requests: 2, conversions: 1, watch_minutes: 40, window_closed: true });
  expect(behaviour.get("2")).toMatchObject({ requests: 2, conversions: 2, window_closed: true });
  // A window reaching past the judged end is not closed yet.
  const late = await readStreamBehaviour(database.sql, ["2"], { from: S0, to: S0 + 60 * MIN }, 10 * MIN, 15 * MIN);
  expect(late.get("2")).toMatchObject({ requests: 2, window_closed: false });
  // Latency over 90 s after the first exposure (T0 + 1 min): the answers at +1 and +2 min, not +3.
  const exposures = await readExposures(database.sql, "ranker-ab", { from: T0, to: NOW }, 1.5 * MIN);
  expect(exposures.users.find((u) => u.user_id === "1")).toMatchObject({ answers: 2, latency_ms_mean: 150 });
});

test("readExperimentInput() refuses an unknown key, an experiment never started, and one missing from the rules", async () => {
  const options = { now: NOW, streamTopic: TOPIC };
  expect(await readExperimentInput(database.sql, "nope", options)).toEqual({
    ok: false,
    reason: "unknown experiment: no design row for key nope",
  });
  await database.sql`
    insert into experiment_designs (key, hypothesis, control_variant, primary_metric, created_by)
    values ('draft', 'h', 'control', 'conversion', 'test'), ('ghost', 'h', 'control', 'conversion', 'test')`;
  await database.sql`update experiment_designs set started_at = now(), stream_started_at = now() where key = 'ghost'`;
  const draft = await readExperimentInput(database.sql, "draft", options);
  expect(draft.ok ? "" : draft.reason).toContain("never started");
  const ghost = await readExperimentInput(database.sql, "ghost", options);
  expect(ghost.ok ? "" : ghost.reason).toBe("experiment ghost is not in the stored rules");
});

test("reportExperiment() renders Markdown with the SRM check first and JSON with the primary metric", async () => {
  const options = { now: NOW, streamTopic: TOPIC };
  const md = await reportExperiment(database.sql, "ranker-ab", { ...options, format: "md" });
  if (!md.ok) throw new Error(md.reason);
  expect(md.text).toContain("## Sample-ratio check");
  expect(md.text.indexOf("Sample-ratio check")).toBeLessThan(md.text.indexOf("## Conclusion"));
  expect(md.text).toContain("- 1 user(s) seen in more than one variant were left out");

  const json = await reportExperiment(database.sql, "ranker-ab", { ...options, format: "json" });
  if (!json.ok) throw new Error(json.reason);
  const report = JSON.parse(json.text);
  expect(report.primary).toMatchObject({ metric: "conversion", users: { control: 1, treatment: 1 }, treatment: "treatment" });
  // Per-user conversion: 2/3 in control, 2/2 in treatment.
  expect(report.primary.difference).toBeCloseTo(1 - 2 / 3, 12);
  expect(report.notes).toEqual(["1 user(s) seen in more than one variant were left out"]);

  const html = await reportExperiment(database.sql, "ranker-ab", { ...options, format: "html" });
  expect(html.ok && html.text.includes("<h2>Data notes</h2>")).toBe(true);

  expect(await reportExperiment(database.sql, "nope", { ...options, format: "md" })).toEqual({
    ok: false,
    reason: "unknown experiment: no design row for key nope",
  });
});

test("an A/A experiment through the database reaches no detectable difference", async () => {
  const random = mulberry32(20260110);
  const telemetry: Telemetry[] = [];
  const shown: Shown[] = [];
  const sessions: Session[] = [];
  const counts = { control: 0, treatment: 0 };
  // Every user converts each request with the same probability whatever the arm.
  const behave = (user: number, from: number, tag: string) => {
    const requests = 1 + Math.floor(random() * 5);
    for (let k = 0; k < requests; k++) {
      const at = from + Math.floor(random() * 100 * MIN);
      const movie = `${tag}-${user}-${k}`;
      shown.push({ user, at, items: [movie] });
      if (random() < 0.3) sessions.push({ user, movie, at: at + 2 * MIN, minutes: 10 + Math.floor(random() * 60) });
    }
  };
  for (let i = 0; i < 600; i++) {
    const user = 10_000 + i;
    const variant = random() < 0.5 ? "control" : "treatment";
    counts[variant]++;
    const assignments = [{ experiment: "aa", variant }];
    telemetry.push({ user, at: T0 + Math.floor(random() * 100 * MIN), latency: 100 + 40 * random(), assignments });
    behave(user, S0, "aa");
    behave(user, S0 - 120 * MIN, "pre");
  }
  await insertDesign("aa", "conversion", []);
  await insertTelemetry(telemetry);
  await insertShown(shown);
  await insertSessions(sessions);

  const read = await readExperimentInput(database.sql, "aa", { now: NOW, streamTopic: TOPIC });
  if (!read.ok) throw new Error(read.reason);
  expect(read.input.users.length).toBe(600);
  expect(read.input.users.filter((u) => u.variant === "control").length).toBe(counts.control);
  expect(read.input.users.every((u) => u.requests > 0)).toBe(true);
  const rate = (variant: string) => {
    const arm = read.input.users.filter((u) => u.variant === variant);
    return arm.reduce((s, u) => s + u.conversions, 0) / arm.reduce((s, u) => s + u.requests, 0);
  };
  // Both arms convert at about the simulated 30%, so the verdict below is not about empty data.
  expect(Math.abs(rate("control") - 0.3)).toBeLessThan(0.05);
  expect(Math.abs(rate("treatment") - 0.3)).toBeLessThan(0.05);

  const json = await reportExperiment(database.sql, "aa", { format: "json", now: NOW, streamTopic: TOPIC });
  if (!json.ok) throw new Error(json.reason);
  const report = JSON.parse(json.text);
  expect(report.srm.mismatch).toBe(false);
  expect(report.conclusion.verdict).toBe("no detectable difference");
  expect(report.primary.users).toEqual(counts);
});
