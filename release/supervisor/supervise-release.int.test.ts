/**
 * The supervisor against real parts: Postgres (registry, rules, releases, telemetry),
 * real worker servers for the stable pool and the canary, and traffic that follows
 * the stored rules the way the router does and records telemetry rows for every
 * answer. Compressed policy: two steps of one check each.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { readRules, writeRules } from "../../infra/rules/rules-store.ts";
import { ModelManifest } from "../../shared/model/manifest.ts";
import { parseRuleSet, resolveRequest, RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { GateConfig } from "../../registry/offline-gate.ts";
import { findModel, promoteModel, registerModel } from "../../registry/model-registry.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import type { WorkerServer } from "../../workers/server.ts";
import { writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";
import type { ArmStats } from "../judge/arm-stats.ts";
import type { CanaryLauncher } from "../launcher/canary-launcher.ts";
import { CanaryPolicy } from "../policy/canary-policy.ts";
import { nextReleaseState } from "../state/next-release-state.ts";
import type { ReleaseState } from "../../shared/release/release-state.ts";
import { findRelease } from "../../read-models/read-releases.ts";
import { saveReleaseState, startRelease } from "../state/release-store.ts";
import { CANARY_POOL, CANARY_ROUTE } from "./canary-rules.ts";
import { superviseRelease, type SupervisorDeps } from "./supervise-release.ts";
import { inProcessLauncher, type InProcessWorkers, inProcessWorkers } from "./testing/in-process-workers.ts";

const TOKEN = "release-test-admin-token-0123";
const root = mkdtempSync(join(tmpdir(), "release-"));
const log = createLogger("release-test", () => {});
const policy = CanaryPolicy.parse({
  steps: [{ percent: 30, minDurationMs: 0, requireQuality: false }, { percent: 100, minDurationMs: 0, requireQuality: false }],
  checkIntervalMs: 1000,
  minCanaryRequests: 15,
});
let testDb: TestDatabase;
let database: Database;
let stable: WorkerServer[] = [];
let workers: InProcessWorkers;

/** A worker like workers/main.ts builds, in-process: registry-backed, admin API on. */
/** A worker serving `version` (none when null), built as workers/main.ts builds one. */
function startWorker(version: string | null, faultErrorRate = 0, adminToken = TOKEN): Promise<WorkerServer> {
  return workers.start(version, { faultErrorRate, adminToken });
}

/** Canary workers started in-process; `stop` closes the current one. */
const testLauncher = () => inProcessLauncher(workers);

/**
 * Site traffic through the stored rules, as the router serves it: a user's pool from
 * the rules in force, a worker's answer or the fallback, one telemetry row per answer.
 */
function startTraffic(users = 400, everyMs = 10): { stop: () => Promise<void>; served: () => number } {
  let running = true;
  let served = 0;
  let rules: RuleSet | null = null;
  const loop = (async () => {
    let i = 0;
    let lastRead = 0;
    while (running) {
      if (Date.now() - lastRead > 200) {
        const parsed = parseRuleSet(await readRules(database.sql));
        if (parsed.ok) rules = parsed.rules;
        lastRead = Date.now();
      }
      const userId = 1 + (i++ % users);
      const resolution = resolveRequest(rules!, { userId, headers: {} });
      const pool = rules!.pools[resolution.pool];
      const started = Date.now();
      const response = await fetch(`${pool.urls[userId % pool.urls.length]}/recommend/${userId}`).catch(() => null);
      const ok = response?.status === 200;
      const items = ok ? (await response!.text()).split(",") : [];
      await database.sql`insert into telemetry_events
        (request_id, time, user_id, status, latency_ms, pool, model_version, rules_version, assignments, items, fallback, fallback_reason)
        values (${crypto.randomUUID()}, to_timestamp(${started} / 1000.0), ${userId}, 200, ${Date.now() - started}, ${resolution.pool},
          ${ok ? response!.headers.get("x-model-version") : "fallback"}, ${rules!.version}, '[]'::jsonb,
          string_to_array(${items.join(",")}::text, ','), ${!ok},
          ${ok ? null : "no_worker_answer"})`;
      served++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { stop: async () => void (running = false, await loop), served: () => served };
}

async function register(version: string, metrics: Record<string, unknown>) {
  const dir = await writeCircleArtifact(root, version, "A");
  const manifest = ModelManifest.parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")));
  await registerModel(database.sql, { ...manifest, metrics }, dir);
}

const PASSING = { ndcg: 0.3, gate: { pass: true, reasons: [] } };

function deps(launcher: CanaryLauncher, extra: Partial<SupervisorDeps> = {}): SupervisorDeps {
  return {
    sql: database.sql, policy, gate: GateConfig.parse({}), launcher, workerAdminToken: TOKEN,
    now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log,
    streamTopic: "movielog", conversionWindowMs: 60_000, clientTimeoutMs: 800, routingSettleMs: 300,
    workerReadyTimeoutMs: 10_000, maxCanaryFailures: 3, ...extra,
  };
}

const storedRules = async () => {
  const parsed = parseRuleSet(await readRules(database.sql));
  if (!parsed.ok) throw new Error("stored rules are invalid");
  return parsed.rules;
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  // One connection: the embedded database serves every connection on one session, where
  // one connection's Sync can drop the unnamed portal another has bound but not executed.
  database = connectDatabase(testDb.url, { max: 1 });
  workers = inProcessWorkers(database, log, TOKEN);
  await register("m1", PASSING);
  await promoteModel(database.sql, "m1");
  stable = [await startWorker("m1"), await startWorker("m1")];
  await writeRules(database.sql, RuleSet.parse({
    formatVersion: RULES_FORMAT_VERSION, version: 0,
    pools: { stable: { urls: stable.map((s) => s.url), modelVersion: "m1" } },
    routes: [], defaultPool: "stable", experiments: [],
  }), { actor: "test", source: "seed" });
}, 60_000);
afterAll(async () => {
  await workers?.stopAll();
  await database?.close();
  await testDb?.drop();
  rmSync(root, { recursive: true, force: true });
});

describe("superviseRelease()", () => {
  test("a candidate whose canary fails half its requests is rolled back: routing restored, canary stopped, model rejected", async () => {
    await register("m2-broken", PASSING);
    const before = await storedRules();
    const launcher = testLauncher();
    const traffic = startTraffic();
    const started = await startRelease(database.sql, "m2-broken");
    if (!started.ok) throw new Error(started.message);
    const final = await superviseRelease({ ...deps(launcher), faults: { errorRate: 0.5 } }, started.state);
    await traffic.stop();

    expect(final.phase).toBe("rolled_back");
    expect(final.reason).toContain("canary failed at 30%");
    expect(final.reason).toContain("fallbacks");
    // The router answered the failures from its fallback list in time: degraded, not unavailable (measurement/availability).
    const canary = final.history.map((d) => (d.evidence as { arms?: { canary: ArmStats } } | null)?.arms?.canary).findLast((a) => a !== undefined)!;
    expect(canary.degraded).toBeGreaterThan(0);
    expect(canary.degraded).toBeLessThanOrEqual(canary.fallbacks);
    expect(canary.unavailable! + canary.degraded!).toBeLessThanOrEqual(canary.requests);
    expect((await findRelease(database.sql, final.id))?.phase).toBe("rolled_back");
    const after = await storedRules();
    expect({ ...after, version: 0 }).toEqual({ ...before, version: 0 });
    expect(launcher.running()).toBeNull();
    expect((await findModel(database.sql, "m2-broken"))?.status).toBe("rejected");
    for (const s of stable) expect((await fetch(`${s.url}/readyz`)).headers.get("x-model-version")).toBe("m1");
  }, 60_000);

  test("a model the offline gate refused is aborted at preflight and the rules are never touched", async () => {
    await register("m3-gated", { ndcg: 0.1, gate: { pass: false, reasons: ["ndcg below popularity"] } });
    const version = (await storedRules()).version;
    const launcher = testLauncher();
    const started = await startRelease(database.sql, "m3-gated");
    if (!started.ok) throw new Error(started.message);
    const final = await superviseRelease(deps(launcher), started.state);
    expect(final.phase).toBe("aborted");
    expect(final.reason).toStartWith("preflight failed: the offline gate did not pass: ndcg below popularity");
    expect(launcher.starts).toBe(0);
    expect((await storedRules()).version).toBe(version);
  }, 30_000);

  test("a supervisor that dies mid-canary is resumed: the canary keeps its users, then the candidate is promoted worker by worker", async () => {
    await register("m4", PASSING);
    const launcher = testLauncher();
    const traffic = startTraffic();
    const started = await startRelease(database.sql, "m4");
    if (!started.ok) throw new Error(started.message);

    // The first supervisor is stopped during its first canary check, as a crash would stop it.
    const stop = new AbortController();
    const first = deps(launcher, {
      signal: stop.signal,
      sleep: async (ms) => {
        if (ms === policy.checkIntervalMs) stop.abort();
        await new Promise((r) => setTimeout(r, ms));
      },
    });
    expect((await superviseRelease(first, started.state)).phase).toBe("canary");
    const stored = (await findRelease(database.sql, started.state.id))!;
    expect(stored.phase).toBe("canary");
    const midway = await storedRules();
    expect(midway.routes[0].name).toBe(CANARY_ROUTE);
    expect(midway.pools[CANARY_POOL].modelVersion).toBe("m4");

    const restarted: ReleaseState = nextReleaseState(stored, { type: "supervisor_restarted", at: Date.now() }, policy).state;
    expect((await saveReleaseState(database.sql, restarted, stored)).ok).toBe(true);
    const final = await superviseRelease(deps(launcher), restarted);
    await traffic.stop();

    expect(final.phase).toBe("promoted");
    expect(launcher.starts).toBe(1);
    expect(final.history.map((d) => d.event)).toEqual([
      "preflight_started", "preflight_passed", "supervisor_restarted", "canary_verdict", "canary_verdict", "promotion_done",
    ]);
    expect((await findModel(database.sql, "m4"))?.status).toBe("production");
    for (const s of stable) expect((await fetch(`${s.url}/readyz`)).headers.get("x-model-version")).toBe("m4");
    const after = await storedRules();
    expect(after.routes.map((r) => r.name)).not.toContain(CANARY_ROUTE);
    expect(Object.keys(after.pools)).toEqual(["stable"]);
    expect(after.pools.stable.modelVersion).toBe("m4");
    expect(launcher.running()).toBeNull();
    expect(traffic.served()).toBeGreaterThan(50);
  }, 60_000);

  test("a promotion the stable pool keeps refusing is rolled back, and workers already moved return to the previous model", async () => {
    await register("m5", PASSING);
    // The second stable worker has another admin token: it refuses every swap.
    const refusing = await startWorker("m4", 0, "another-admin-token-0123456789");
    const before = await storedRules();
    await writeRules(database.sql, RuleSet.parse({ ...before, pools: { stable: { urls: [stable[0].url, refusing.url], modelVersion: "m4" } } }), { actor: "test", source: "seed" });
    const launcher = testLauncher();
    const traffic = startTraffic();
    const started = await startRelease(database.sql, "m5");
    if (!started.ok) throw new Error(started.message);
    const final = await superviseRelease(deps(launcher), started.state);
    await traffic.stop();

    expect(final.phase).toBe("rolled_back");
    expect(final.reason).toStartWith("promotion failed:");
    expect(final.history.map((d) => d.event)).toContain("promotion_failed");
    for (const s of [stable[0], refusing]) expect((await fetch(`${s.url}/readyz`)).headers.get("x-model-version")).toBe("m4");
    expect((await findModel(database.sql, "m4"))?.status).toBe("production");
    expect((await findModel(database.sql, "m5"))?.status).toBe("rejected");
    expect((await storedRules()).routes.map((r) => r.name)).not.toContain(CANARY_ROUTE);
    expect(launcher.running()).toBeNull();
  }, 60_000);
});
