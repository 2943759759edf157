/**
 * The router's status page end to end: a Postgres test database seeded with rules (two
 * pools, a running and a stopped experiment), a release in canary with its decisions, an
 * experiment design, telemetry over the last hours and stream events on a clock 30 days
 * ahead, ingestion's partition samples (one partition held still past the stall window,
 * sampled through ingestion's own writer), quarantined records inside and outside the last
 * hour, a production model, a newer one the gate rejected and the training data behind
 * them; the router (router/main.ts, telemetry off: no Kafka brokers, no Prometheus) as a
 * real Deno process; one worker answering /readyz and one unreachable. Debian's Chromium,
 * driven by playwright-core, loads /status; the DOM must show every section: the data path
 * with the stalled partition marked stalled, the quarantines by reason and the stream
 * clock, the models, that no Prometheus is configured, the pools, model versions and
 * health, the release, the experiment with its users per variant and both charts with
 * their points; a full-page screenshot must be a real PNG. /status.json must show the
 * same, in its documented shape.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { recordPartitionSamples } from "../../ingest/postgres-partition-status.ts";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { PARTITION_STALL_WINDOW_MS } from "../../measurement/partition-stall.ts";
import { StatusDocument } from "../../router/status/status-document.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import type { ReleaseState } from "../../shared/release/release-state.ts";
import type { RuleSet } from "../../shared/rules/index.ts";
import { freePort } from "../support/free-port.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { waitFor } from "../support/wait-for.ts";

const ROOT = join(import.meta.dir, "../..");
const CHROMIUM = "/usr/bin/chromium";
// The real binary: node_modules/.bin/deno is a Node wrapper that would not pass signals on.
const DENO: string = createRequire(join(ROOT, "package.json"))("deno/install_api.cjs").runInstall();
const MINUTE = 60_000;
const BUCKET = 5 * MINUTE;
/** The stream's clock runs this far ahead of the wall clock, as in a sped-up simulation. */
const STREAM_AHEAD = 30 * 24 * 60 * MINUTE;
/** Telemetry buckets seeded in the last two hours, and stream buckets. */
const TELEMETRY_BUCKETS = 24;
const STREAM_BUCKETS = 18;

const dir = mkdtempSync(join(tmpdir(), "status-page-"));
let testDb: TestDatabase;
let database: Database;
let worker: ReturnType<typeof Bun.serve>;
let server: ReturnType<typeof Bun.spawn> | undefined;
let browser: Browser | undefined;
let statusUrl: string;
let rulesVersion: number;
const pools: Record<string, { urls: string[]; modelVersion: string }> = {};

/** Inserts `rows` as one JSON text parameter (the embedded database mishandles arrays and dates). */
async function insertTelemetry(rows: object[]) {
  await database.sql`
    insert into telemetry_events (request_id, time, user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason)
    select x.request_id, to_timestamp(x.time / 1000.0), x.user_id, x.status, x.latency_ms, x.pool,
      x.model_version, 1, x.assignments, array(select jsonb_array_elements_text(x.items)), x.fallback,
      case when x.fallback then 'no_worker_answer' end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(request_id text, time float8,
      user_id int, status int, latency_ms float8, pool text, model_version text, assignments jsonb,
      items jsonb, fallback boolean)`;
}

/** The start of the 5-minute bucket holding `ms`. */
const bucketOf = (ms: number) => Math.floor(ms / BUCKET) * BUCKET;

async function seedStream(now: number) {
  const last = bucketOf(now + STREAM_AHEAD);
  const shown: object[] = [];
  const watched: object[] = [];
  for (let b = 0; b < STREAM_BUCKETS; b++) {
    for (let i = 0; i < 4; i++) {
      const time = last - (STREAM_BUCKETS - 1 - b) * BUCKET + i * MINUTE;
      const userId = 100 + b * 4 + i;
      const movie = `movie+${b}+${i}`;
      shown.push({ time, user_id: userId, items: [movie, "heat+1995"] });
      // Half of the recommendations convert: the movie starts 2 minutes after the answer.
      if (i % 2 === 0) watched.push({ user_id: userId, movie_id: movie, time: time + 2 * MINUTE });
    }
  }
  await database.sql`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items)
    select to_timestamp(x.time / 1000.0), x.user_id, 'site', 200, 40,
      array(select jsonb_array_elements_text(x.items))
    from jsonb_to_recordset(${JSON.stringify(shown)}::jsonb) as x(time float8, user_id int, items jsonb)`;
  await database.sql`
    insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
    select x.user_id, x.movie_id, to_timestamp(x.time / 1000.0), to_timestamp(x.time / 1000.0),
      array[0, 1, 2], 3, 2
    from jsonb_to_recordset(${JSON.stringify(watched)}::jsonb) as x(user_id int, movie_id text, time float8)`;
}

/**
 * Ingestion's view of two topics, written by its own writer in two samples one stall window
 * apart: movielog partition 1 held still with 7 messages waiting (stalled), partition 0
 * caught up, telemetry partition 0 behind but moving.
 */
async function seedDataPath(now: number) {
  const movielog = { consumer: "movielog-ingest", topic: "movielog", clusterId: "e2e-cluster" };
  const telemetry = { consumer: "telemetry-ingest", topic: "telemetry", clusterId: "e2e-cluster" };
  const first = now - PARTITION_STALL_WINDOW_MS - 2000;
  const last = now - 2000;
  for (const [at, telemetryOffset] of [[first, 40], [last, 52]]) {
    await recordPartitionSamples(database.sql, movielog, [
      { partition: 0, lag: 0, nextOffset: 900, progressedAt: at },
      { partition: 1, lag: 7, nextOffset: 120, progressedAt: first - 60_000 },
    ], at);
    await recordPartitionSamples(database.sql, telemetry, [{ partition: 0, lag: 3, nextOffset: telemetryOffset, progressedAt: at }], at);
  }
  // Within the last hour: three malformed lines and one from the far future; before it, two more.
  const quarantined = [
    ["kafka:movielog", 1, 10, "malformed", 5], ["kafka:movielog", 1, 11, "malformed", 15], ["kafka:movielog", 2, 12, "malformed", 25],
    ["kafka:movielog", 2, 13, "future_time", 35], ["kafka:movielog", 2, 14, "malformed", 65], ["kafka:telemetry", 0, 15, "bad_signature", 90],
  ].map(([source, partition, position, reason, minutesAgo]) => ({ source, partition, position, reason, received: now - Number(minutesAgo) * MINUTE }));
  await database.sql`
    insert into quarantine (source, partition, position, raw, reason, detail, received_at)
    select x.source, x.partition, x.position, '\\x00'::bytea, x.reason, 'e2e', to_timestamp(x.received / 1000.0)
    from jsonb_to_recordset(${JSON.stringify(quarantined)}::jsonb) as x(source text, partition int, position bigint, reason text, received float8)`;
}

/** The registry: als-2024-05 in production for a day, als-2024-06 trained two hours ago and registered, and als-2024-06-rc rejected; the newest snapshot. */
async function seedModels(now: number) {
  const models = [
    { version: "als-2024-05", status: "production", created: now - 26 * 60 * MINUTE, changed: now - 25 * 60 * MINUTE, snapshot: "snap-may", pass: true },
    { version: "als-2024-06-rc", status: "rejected", created: now - 5 * 60 * MINUTE, changed: now - 5 * 60 * MINUTE, snapshot: "snap-june", pass: false },
    { version: "als-2024-06", status: "registered", created: now - 2 * 60 * MINUTE, changed: now - 2 * 60 * MINUTE, snapshot: "snap-june", pass: true },
  ].map((m) => ({
    ...m,
    manifest: { popular: ["heat+1995"], snapshot: { id: m.snapshot, source: "event-store", rows: { watch: 1200, ratings: 300 }, timeRange: { from: null, to: new Date(m.created - 60 * MINUTE).toISOString() }, filters: {} } },
    metrics: { gate: { pass: m.pass, metric: "ndcg", reasons: m.pass ? [] : ["ndcg 0.0100 is not better than the popularity ranking's 0.0200"] } },
  }));
  await database.sql`
    insert into models (version, algorithm, artifact_path, manifest, metrics, snapshot_id, code_commit, status, created_at, status_changed_at)
    select x.version, 'als-explicit', '/e2e/' || x.version, x.manifest, x.metrics, x.snapshot, 'e2e', x.status,
      to_timestamp(x.created / 1000.0), to_timestamp(x.changed / 1000.0)
    from jsonb_to_recordset(${JSON.stringify(models)}::jsonb) as x(version text, status text, created float8, changed float8,
      snapshot text, manifest jsonb, metrics jsonb)`;
  await database.sql`
    insert into data_snapshots (id, created_at, source, cutoff, rows, time_from, time_to, filters, excluded)
    values ('snap-june', to_timestamp(${now - 3 * 60 * MINUTE} / 1000.0), 'event-store', to_timestamp(${now - 3 * 60 * MINUTE} / 1000.0),
      '{"watch": 1200, "ratings": 300}', null, to_timestamp(${now - 4 * 60 * MINUTE} / 1000.0), '{}', '{}')`;
}

async function seed(now: number) {
  await seedDataPath(now);
  await seedModels(now);
  const start = bucketOf(now - 2 * 60 * MINUTE);
  const rules: RuleSet = {
    formatVersion: 1,
    version: 0,
    pools,
    routes: [],
    defaultPool: "stable",
    experiments: [
      {
        key: "list-length",
        namespace: ["home", 0, 1],
        seed: "list-length-e2e",
        coverage: 1,
        status: "running",
        variants: [{ key: "control", weight: 0.5 }, {
          key: "short",
          weight: 0.5,
          flags: { listLength: 3 },
        }],
      },
      {
        key: "old-test",
        seed: "old-test-e2e",
        coverage: 1,
        status: "stopped",
        variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }],
      },
    ],
  };
  rulesVersion = (await writeRules(database.sql, rules, { actor: "e2e", source: "seed" })).version;

  const release: ReleaseState = {
    id: 7,
    modelVersion: "als-2024-06",
    previousVersion: "als-2024-05",
    phase: "canary",
    step: 1,
    stepStartedAt: now - 10 * MINUTE,
    stepStreamStartedAt: null,
    reason: null,
    history: [
      { at: now - 30 * MINUTE, event: "start", from: "pending", to: "preflight", step: 0, detail: "preflight checks", evidence: null },
      { at: now - 20 * MINUTE, event: "preflight_passed", from: "preflight", to: "canary", step: 0, detail: "canary at 5 %", evidence: null },
      { at: now - 10 * MINUTE, event: "step_passed", from: "canary", to: "canary", step: 1, detail: "canary at 25 %: guardrails held", evidence: { users: 120 } },
    ],
  };
  await database.sql`
    insert into releases (id, model_version, previous_version, phase, state)
    values (6, 'als-2024-05', null, 'promoted', ${JSON.stringify({ ...release, id: 6, phase: "promoted" })}::jsonb),
      (7, 'als-2024-06', 'als-2024-05', 'canary', ${JSON.stringify(release)}::jsonb)`;
  await database.sql`
    insert into experiment_designs (key, hypothesis, control_variant, primary_metric, created_by, started_at)
    values ('list-length', 'Three movies convert better than twenty', 'control', 'conversion', 'e2e',
      to_timestamp(${start} / 1000.0))`;

  // Users 1..40 over the experiment's run, control or short by parity; one answer in ten
  // is a fallback; users 41..50 answered before it started (availability only).
  const rows: object[] = [];
  for (let b = 0; b < TELEMETRY_BUCKETS; b++) {
    for (let i = 0; i < 10; i++) {
      const userId = 1 + ((b * 10 + i) % 40);
      rows.push({
        request_id: `e2e-${b}-${i}`,
        time: start + b * BUCKET + i * 1000,
        user_id: userId,
        status: 200,
        latency_ms: i === 9 ? 900 : 30,
        pool: "stable",
        model_version: "als-2024-05",
        assignments: [{ experiment: "list-length", variant: userId % 2 === 0 ? "control" : "short" }],
        items: ["heat+1995"],
        fallback: false,
      });
    }
  }
  for (let u = 41; u <= 50; u++) {
    rows.push({
      request_id: `e2e-early-${u}`,
      time: now - 3 * 60 * MINUTE,
      user_id: u,
      status: 200,
      latency_ms: 30,
      pool: "stable",
      model_version: "als-2024-05",
      assignments: [{ experiment: "list-length", variant: "control" }],
      items: ["heat+1995"],
      fallback: false,
    });
  }
  await insertTelemetry(rows);
  await seedStream(now);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\``);
  }
  const launching = chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "status-page-e2e" });
  worker = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("ready") });
  pools.stable = { urls: [`http://127.0.0.1:${worker.port}`], modelVersion: "als-2024-05" };
  pools.canary = { urls: [`http://127.0.0.1:${await freePort()}`], modelVersion: "als-2024-06" };
  await seed(Date.now());

  const port = await freePort();
  statusUrl = `http://127.0.0.1:${port}/status`;
  server = Bun.spawn([DENO, "run", "--allow-all", join(ROOT, "router/main.ts")], {
    env: {
      ...process.env,
      ROUTER_PORT: String(port),
      ROUTER_HOST: "127.0.0.1",
      ROUTER_STATE_DIR: join(dir, "router-state"),
      DATABASE_URL: testDb.url,
      ROUTER_HEALTH_INTERVAL_MS: "200",
    },
    stdout: "ignore",
    stderr: "inherit",
  });
  browser = await launching;
  await waitFor(
    "the status server's rules and both workers' health checks",
    async () => {
      const html = await (await fetch(statusUrl)).text();
      return html.includes(`<strong id="rules-version">${rulesVersion}</strong>`) &&
        !html.includes('data-health="unchecked"');
    },
    20_000,
    100,
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.kill("SIGKILL");
  await server?.exited;
  worker?.stop(true);
  await database?.close();
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const texts = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((nodes) => nodes.map((n) => n.textContent?.trim() ?? ""));

test("GET /status shows pools, release, experiment and both charts in Chromium, and screenshots", async () => {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  const started = performance.now();
  const response = await page.goto(statusUrl);
  expect(response?.status()).toBe(200);
  console.log(`  /status loaded in Chromium in ${(performance.now() - started).toFixed(0)} ms`);

  expect(await page.title()).toBe("Router status");
  expect(await page.getAttribute("#data-freshness", "class")).toBe("data fresh");
  expect(await page.textContent("#rules-version")).toBe(String(rulesVersion));
  expect(await texts(page, "tr.pool td.model-version")).toEqual(["als-2024-06", "als-2024-05"]);
  expect(await page.locator("tr.pool").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-pool"))))
    .toEqual(["canary", "stable"]);
  expect(await page.getAttribute(`tr[data-pool="stable"] li.worker`, "data-health")).toBe("up");
  expect(await page.getAttribute(`tr[data-pool="canary"] li.worker`, "data-health")).toBe("down");

  expect(await page.getAttribute("#release", "data-phase")).toBe("canary");
  expect(await page.textContent("#release h2")).toBe("Current release");
  expect(await page.textContent("#release .release-model")).toBe("als-2024-06 (replacing als-2024-05)");
  expect(await page.locator("#release tr.decision").count()).toBe(3);
  expect(await page.textContent("#release tr.decision td:nth-child(5)")).toBe("canary at 25 %: guardrails held");

  const experiment = `article.experiment[data-experiment="list-length"]`;
  expect(await page.locator("article.experiment").count()).toBe(1);
  expect(await page.textContent(`${experiment} .hypothesis`)).toBe("Three movies convert better than twenty");
  expect(await page.locator(`${experiment} tr.variant`).evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute("data-variant"), r.querySelector(".users")?.textContent])
  )).toEqual([["control", "20"], ["short", "20"]]);

  // 24 telemetry buckets of 9 good answers in 10, and the early bucket of 10 good ones;
  // 18 stream buckets, each half converted.
  const points = (chart: string) =>
    page.locator(`svg#${chart}-chart circle.point`).evaluateAll((nodes) =>
      nodes.map((n) => Number(n.getAttribute("data-value")))
    );
  const availability = await points("availability");
  expect(availability.length).toBe(TELEMETRY_BUCKETS + 1);
  expect(availability.filter((v) => v === 0.9).length).toBe(TELEMETRY_BUCKETS);
  expect(availability[0]).toBe(1);
  const conversion = await points("conversion");
  expect(conversion.length).toBe(STREAM_BUCKETS);
  expect(new Set(conversion)).toEqual(new Set([0.5]));
  // The early bucket stands alone, so the line is the one run of the last two hours.
  expect(await page.getAttribute("svg#availability-chart path.line", "d")).toMatch(/^M[^M]+$/);
  expect(await page.locator("svg#conversion-chart circle.provisional").count()).toBeGreaterThan(0);

  // The data path: the partition held still is stalled, by the one definition; the others are not.
  expect(await page.locator("tr.partition").evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute("data-topic"), r.getAttribute("data-partition"), r.getAttribute("data-state"), r.querySelector(".state")?.textContent])
  )).toEqual([
    ["movielog", "0", "caught_up", "caught up"],
    ["movielog", "1", "stalled", "stalled"],
    ["telemetry", "0", "behind", "behind"],
  ]);
  expect(await page.getAttribute("#data-path", "data-stalled")).toBe("1");
  const stalledRow = `tr.partition[data-topic="movielog"][data-partition="1"]`;
  expect(await page.textContent(`${stalledRow} .lag`)).toBe("7");
  expect(await page.textContent(`${stalledRow} .detail`)).toMatch(/^Stalled: 7 messages waiting for 5 min, checkpoint 120 unmoved for 5 min\.$/);
  expect(await page.textContent(`${stalledRow} .progress`)).toMatch(/UTC \(6 min( \d+ s)? ago\)$/);
  expect(await page.locator("tr.quarantine-reason").evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute("data-source"), r.getAttribute("data-reason"), r.getAttribute("data-count")])
  )).toEqual([["kafka:movielog", "malformed", "3"], ["kafka:movielog", "future_time", "1"]]);
  expect(await page.getAttribute("#quarantine-total", "data-total")).toBe("4");
  expect(await page.textContent("#stream-clock")).toMatch(/^Stream clock \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, (30 d( \d+ h)?|29 d 23 h) ahead of the wall clock/); // seeded 30 d ahead, seconds before the page is read

  // Models: production, its data, the last refresh and training, the gate's verdicts.
  expect(await page.getAttribute("#production-model", "data-version")).toBe("als-2024-05");
  expect(await page.textContent("#production-model")).toMatch(/^als-2024-05, trained .* UTC \(1 d 2 h ago\), in production since /);
  expect(await page.getAttribute("#production-data", "data-snapshot")).toBe("snap-may");
  expect(await page.getAttribute("#last-refresh", "data-snapshot")).toBe("snap-june");
  expect(await page.textContent("#last-training")).toMatch(/^als-2024-06, .*: passed the offline gate; not released\.$/);
  expect(await page.locator("tr.verdict").evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute("data-version"), r.getAttribute("data-status"), r.getAttribute("data-passed")])
  )).toEqual([["als-2024-06", "registered", "true"], ["als-2024-06-rc", "rejected", "false"], ["als-2024-05", "production", "true"]]);

  // No PROMETHEUS_URL: the section says so.
  expect(await page.getAttribute("#alerts", "data-kind")).toBe("unconfigured");
  expect(await page.textContent("#alerts .note")).toBe("No Prometheus is configured (PROMETHEUS_URL is unset): alerts are not shown here.");

  const file = join(dir, "status.png");
  await page.screenshot({ path: file, fullPage: true });
  const png = readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  console.log(`  screenshot ${width}x${height}, ${png.length} bytes`);
  expect(width).toBe(1280);
  expect(height).toBeGreaterThan(900);
  expect(png.length).toBeGreaterThan(30_000);
  await page.close();
});

test("GET /status.json shows the same view in its documented shape, the stalled partition included", async () => {
  const response = await fetch(`${statusUrl}.json`);
  expect(response.status).toBe(200);
  const document = StatusDocument.parse(await response.json());
  expect(document.version).toBe(1);
  expect(document.database.state).toBe("fresh");
  expect(document.data_path?.partitions.map((p) => [p.topic, p.partition, p.state, p.stalled, p.lag_messages])).toEqual([
    ["movielog", 0, "caught_up", false, 0],
    ["movielog", 1, "stalled", true, 7],
    ["telemetry", 0, "behind", false, 3],
  ]);
  expect(document.data_path?.quarantine.by_reason).toEqual([
    { source: "kafka:movielog", reason: "malformed", count: 3 },
    { source: "kafka:movielog", reason: "future_time", count: 1 },
  ]);
  expect(document.models?.production?.version).toBe("als-2024-05");
  expect(document.models?.last_training?.version).toBe("als-2024-06");
  expect(document.serving.rules_version).toBe(rulesVersion);
  expect(document.releases.release?.phase).toBe("canary");
  expect(document.experiments.running.map((e) => e.key)).toEqual(["list-length"]);
  expect(document.alerts.state).toBe("unconfigured");
});
