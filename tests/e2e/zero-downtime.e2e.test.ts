/**
 * Zero downtime, end to end with real processes: Postgres (reached by the router through
 * a TCP proxy the test can cut), two Bun workers (pools blue and green) serving tiny
 * artifacts, and the Deno router. Under continuous load (a paced loop, a few hundred
 * requests/s, with malformed ids mixed in) the test flips routes by SQL and by the admin
 * API, SIGKILLs and restarts a worker, hot-swaps a model and cuts the database path. Every
 * answer must be a 200 with 1–20 valid ids (400 for the malformed ones), and each rule
 * change must show in X-Model-Version within 1 s.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { readRules, writeRules } from "../../infra/rules/rules-store.ts";
import { isMovieId } from "../../shared/movielog/movie-id.ts";
import { parseRuleSet, resolveRequest, type RuleSet } from "../../shared/rules/index.ts";
import { writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";
import { freePort } from "../support/free-port.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { waitFor } from "../support/wait-for.ts";

const ROOT = join(import.meta.dir, "../..");
const TOKEN = "zero-downtime-token-0123456789";
const MALFORMED_EVERY = 25;
// The real binary: node_modules/.bin/deno is a Node wrapper that would not pass signals on.
const DENO: string = createRequire(join(ROOT, "package.json"))("deno/install_api.cjs").runInstall();

type Answer = { started: number; userId: number | null; status: number; body: string; version: string | null; error?: string };
const answers: Answer[] = [];
const dir = mkdtempSync(join(tmpdir(), "zero-downtime-"));
const versions: Record<string, string> = { blue: "blue-1", green: "green-1" };
let testDb: TestDatabase;
let database: Database;
let proxy: TcpProxy;
let router: ReturnType<typeof Bun.spawn>;
let routerUrl: string;
const workers: Record<string, { port: number; artifact: string; process?: ReturnType<typeof Bun.spawn> }> = {};
let loading = true;

function startWorker(name: string) {
  const { port, artifact } = workers[name];
  workers[name].process = Bun.spawn([process.execPath, join(ROOT, "workers/main.ts")], {
    env: {
      ...process.env, WORKER_PORT: String(port), WORKER_HOST: "127.0.0.1", WORKER_MODEL_PATH: artifact, WORKER_ADMIN_TOKEN: TOKEN, DATABASE_URL: "",
      WORKER_STATE_DIR: join(dir, `worker-${port}`),
    },
    stdout: "ignore",
    stderr: "ignore",
  });
}

const rules = (defaultPool: string, half?: string): RuleSet => ({
  formatVersion: 1,
  version: 0,
  pools: Object.fromEntries(["blue", "green"].map((p) => [p, { urls: [`http://127.0.0.1:${workers[p].port}`], modelVersion: `${p}-1` }])),
  routes: half ? [{ name: "half", match: { bucket: { salt: "zd", from: 0, to: 0.5 } }, pool: half }] : [],
  defaultPool,
  experiments: [],
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "zero-downtime-test" });
  const target = new URL(testDb.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const viaProxy = new URL(testDb.url);
  viaProxy.port = String(proxy.port);
  for (const [name, variant] of [["blue", "A"], ["green", "B"]] as const) {
    workers[name] = { port: await freePort(), artifact: await writeCircleArtifact(dir, `${name}-1`, variant) };
    startWorker(name);
  }
  await writeRules(database.sql, rules("blue"), { actor: "test", source: "seed" });
  const port = await freePort();
  routerUrl = `http://127.0.0.1:${port}`;
  router = Bun.spawn([DENO, "run", "--allow-all", join(ROOT, "router/main.ts")], {
    env: {
      ...process.env, DATABASE_URL: viaProxy.toString(), ROUTER_PORT: String(port), ROUTER_HOST: "127.0.0.1", ROUTER_ADMIN_TOKEN: TOKEN,
      ROUTER_HEALTH_INTERVAL_MS: "200", ROUTER_EJECT_MS: "1000", KAFKA_BROKERS: "",
      ROUTER_STATE_DIR: join(dir, "router-state"),
    },
    stdout: "ignore",
    stderr: "ignore",
  });
  await waitFor("blue-1 through the router", async () => (await fetch(`${routerUrl}/recommend/1`)).headers.get("x-model-version") === "blue-1", 30_000, 100);
}, 60_000);

afterAll(async () => {
  loading = false;
  for (const child of [router, ...Object.values(workers).map((w) => w.process)]) child?.kill("SIGKILL");
  await proxy?.close();
  await database?.close();
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** One paced client: a request every ~10 ms, every MALFORMED_EVERY-th with a malformed id. */
async function client(offset: number) {
  for (let i = offset; loading; i += 4) {
    const userId = i % MALFORMED_EVERY === 0 ? null : i % 1000;
    const started = performance.now();
    try {
      const response = await fetch(`${routerUrl}/recommend/${userId ?? `u${i}`}`);
      answers.push({ started, userId, status: response.status, body: await response.text(), version: response.headers.get("x-model-version") });
    } catch (error) {
      answers.push({ started, userId, status: 0, body: "", version: null, error: String(error) });
    }
    await Bun.sleep(10);
  }
}

/** Waits 1.5 s after a change made at `since`; every answer started ≥ 1 s after it must come from the pool the rules pick. */
async function expectAppliedWithin1s(since: number, what: string): Promise<number> {
  const document = parseRuleSet(await readRules(database.sql));
  if (!document.ok) throw new Error(`stored rules invalid: ${document.errors.join("; ")}`);
  const expected = (userId: number) => versions[resolveRequest(document.rules, { userId, headers: {} }).pool];
  await Bun.sleep(1500);
  const window = answers.filter((a) => a.started >= since && a.userId !== null && a.status === 200);
  const stale = window.filter((a) => a.version !== expected(a.userId!));
  const appliedAfter = stale.length === 0 ? 0 : Math.max(...stale.map((a) => a.started)) - since;
  console.log(`  ${what}: applied within ${appliedAfter.toFixed(0)} ms (${window.length} answers checked)`);
  expect(window.filter((a) => a.started >= since + 1000).length).toBeGreaterThan(50);
  expect(appliedAfter).toBeLessThan(1000);
  return appliedAfter;
}

async function putRules(document: RuleSet): Promise<number> {
  const sent = performance.now();
  const response = await fetch(`${routerUrl}/admin/rules`, { method: "PUT", headers: { Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(document) });
  expect(response.status).toBe(200);
  return sent;
}

test("route flips, a worker SIGKILL, a hot swap and a database cut under load: no failed request", async () => {
  const clients = [0, 1, 2, 3].map(client);
  await Bun.sleep(500);

  let since = performance.now();
  await database.sql`update rules_settings set default_pool = 'green'`;
  await expectAppliedWithin1s(since, "SQL 100/0 → 0/100");
  await expectAppliedWithin1s(await putRules(rules("green", "blue")), "admin API 0/100 → 50/50");
  await expectAppliedWithin1s(await putRules(rules("blue")), "admin API 50/50 → 100/0");
  since = performance.now();
  await database.sql`insert into rules_routes (name, position, pool, bucket_salt, bucket_from, bucket_to) values ('half', 0, 'green', 'zd', 0, 0.5)`;
  await expectAppliedWithin1s(since, "SQL 100/0 → 50/50");

  workers.green.process!.kill("SIGKILL");
  await workers.green.process!.exited;
  await Bun.sleep(1000);
  startWorker("green");
  await waitFor("green-1 back after the restart", () => answers.slice(-50).some((a) => a.version === "green-1"), 15_000, 50);

  since = performance.now();
  const swap = await fetch(`http://127.0.0.1:${workers.green.port}/admin/model`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ path: await writeCircleArtifact(dir, "green-2", "A") }) });
  expect(await swap.json()).toEqual({ version: "green-2", previousVersion: "green-1" });
  versions.green = "green-2";
  await expectAppliedWithin1s(since, "hot swap green-1 → green-2");

  await proxy.cut();
  await Bun.sleep(3000);
  await proxy.restore();
  // The database path is back once the router reads the rules through it again.
  const back = performance.now();
  await waitFor("GET /admin/rules through the restored path", async () => (await fetch(`${routerUrl}/admin/rules`, { headers: { Authorization: `Bearer ${TOKEN}` } })).ok, 10_000, 50);
  console.log(`  database path: the router read the rules again ${(performance.now() - back).toFixed(0)} ms after the proxy came back`);
  await expectAppliedWithin1s(await putRules(rules("green")), "admin API after the database path returned, 50/50 → 0/100");

  loading = false;
  await Promise.all(clients);
  const seconds = (answers.at(-1)!.started - answers[0].started) / 1000;
  const bad = answers.filter((a) => {
    if (a.userId === null) return a.status !== 400;
    const ids = a.body.split(",");
    return a.status !== 200 || ids.length < 1 || ids.length > 20 || new Set(ids).size !== ids.length || !ids.every(isMovieId);
  });
  const fallbacks = answers.filter((a) => a.version === "fallback").length;
  console.log(`  ${answers.length} requests in ${seconds.toFixed(1)} s (${(answers.length / seconds).toFixed(0)}/s), ${fallbacks} fallback answers, ${bad.length} bad`);
  expect(bad.slice(0, 5)).toEqual([]);
  expect(answers.filter((a) => a.userId === null).length).toBeGreaterThan(20);
}, 90_000);
