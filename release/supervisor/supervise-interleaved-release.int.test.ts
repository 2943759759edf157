/**
 * The supervisor with the interleaved quality test, against real parts: Postgres
 * (registry, rules, releases, telemetry, stream), real worker servers for stable and
 * the canary, the product's router over the stored rules (its interleaved route merges
 * both pools' lists by team draft and logs the teams), and a site whose users watch what
 * they like, ingested through ingestion's own stores. Stable and the candidate rank the
 * same five movies in opposite orders, so the users' taste alone decides which ranking
 * they prefer. Policy: the interleaved test instead of the conversion comparison, a
 * quality step at 50 % and the 100 % step, one-second checks.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { tinyArtifact } from "../../infra/model/testing/tiny-artifact.ts";
import { writeArtifact } from "../../infra/model/write-artifact.ts";
import { readStoredRules } from "../../infra/rules/read-stored-rules.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import { findRelease } from "../../read-models/read-releases.ts";
import { GateConfig } from "../../registry/offline-gate.ts";
import { findModel, promoteModel, registerModel } from "../../registry/model-registry.ts";
import { teamDraft } from "../../shared/interleaving/team-draft.ts";
import type { ReleaseState } from "../../shared/release/release-state.ts";
import { RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { TelemetryInterleaving } from "../../shared/telemetry/index.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import type { WorkerServer } from "../../workers/server.ts";
import type { CanaryVerdict } from "../judge/canary-verdict.ts";
import type { PreferenceEvidence } from "../judge/judge-preference.ts";
import { INTERLEAVING_NOTE } from "../notify/release-facts.ts";
import { OutboxEmail } from "../notify/release-outbox.ts";
import { sendReleaseEmail } from "../notify/send-release-email.ts";
import { CanaryPolicy } from "../policy/canary-policy.ts";
import { startRelease } from "../state/release-store.ts";
import { buildReleaseReport } from "./build-release-report.ts";
import { CANARY_INTERLEAVED_ROUTE, CANARY_POOL, CANARY_ROUTE } from "./canary-rules.ts";
import { superviseRelease, type SupervisorDeps } from "./supervise-release.ts";
import { inProcessLauncher, inProcessWorkers, type InProcessWorkers } from "./testing/in-process-workers.ts";
import { type InterleavedSite, startInterleavedSite } from "./testing/interleaved-site.ts";

const TOKEN = "release-test-admin-token-0123";
const STREAM_TOPIC = "movielog";
const root = mkdtempSync(join(tmpdir(), "interleaved-release-"));
const log = createLogger("interleaved-release-test", () => {});
const policy = CanaryPolicy.parse({
  steps: [{ percent: 50, minDurationMs: 0, requireQuality: true }, { percent: 100, minDurationMs: 0, requireQuality: false }],
  checkIntervalMs: 1000,
  minCanaryRequests: 15,
  interleave: { share: 0.5, mode: "instead" },
});

/**
 * Five movies on the unit circle. Stable's users all lean to the x axis, so it ranks
 * a, b, d, c, e; the candidate's lean the other way (e, c, d, b, a). Merged, a and b are
 * always stable's picks (team A), e and c the candidate's (team B), d both at once.
 */
const MOVIES = { a: [1, 0], b: [0.8, 0.6], c: [0, 1], d: [0.6, 0.8], e: [-1, 0] };
const STABLE_LIST = ["a", "b", "d", "c", "e"];
const CANDIDATE_LIST = ["e", "c", "d", "b", "a"];
const POPULAR = ["d", "c", "a", "b", "e"];
/** Each test's own users: a user's movies started in one test cannot be started again in the next. */
const USERS = { stablePreferred: range(1, 600), candidatePreferred: range(1001, 1600) };

let testDb: TestDatabase;
let database: Database;
let workers: InProcessWorkers;
let stable: WorkerServer[] = [];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Registers `version` whose users all have `taste` (a factor vector): every user gets the same ranking. */
async function register(version: string, taste: number[]): Promise<void> {
  const users = Object.fromEntries([...USERS.stablePreferred, ...USERS.candidatePreferred].map((u) => [u, taste]));
  const { input, arrays } = tinyArtifact({ version, items: MOVIES, users, popular: POPULAR });
  const dir = join(root, version);
  const manifest = await writeArtifact(dir, input, arrays);
  await registerModel(database.sql, { ...manifest, metrics: { ndcg: 0.3, gate: { pass: true, reasons: [] } } }, dir);
}

function deps(launcher: SupervisorDeps["launcher"]): SupervisorDeps {
  return {
    sql: database.sql, policy, gate: GateConfig.parse({}), launcher, workerAdminToken: TOKEN,
    now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log,
    // A quarter second of the site's clock: a user's preference is final half a second after their first list.
    streamTopic: STREAM_TOPIC, conversionWindowMs: 250, clientTimeoutMs: 800, routingSettleMs: 300,
    workerReadyTimeoutMs: 10_000, maxCanaryFailures: 3,
  };
}

const storedRules = async (): Promise<RuleSet> => {
  const rules = await readStoredRules(database.sql);
  if (!rules) throw new Error("the stored rules are missing or invalid");
  return rules;
};

/** Runs a release of `version` to its end while the site's users, who like `likes`, keep visiting. */
async function release(version: string, users: readonly number[], likes: string[]) {
  const launcher = inProcessLauncher(workers);
  const site: InterleavedSite = await startInterleavedSite({
    sql: database.sql, log, users, likes: new Set(likes), streamTopic: STREAM_TOPIC, fallback: POPULAR,
  });
  try {
    const started = await startRelease(database.sql, version);
    if (!started.ok) throw new Error(started.message);
    const final = await superviseRelease(deps(launcher), started.state);
    return { final, counts: await site.stop(), launcher };
  } finally {
    await site.stop();
  }
}

/** The last verdict of the release's checks that `predicate` accepts. */
function verdictOf(state: ReleaseState, predicate: (verdict: CanaryVerdict) => boolean): CanaryVerdict {
  const verdicts = state.history.filter((d) => d.event === "canary_verdict").map((d) => d.evidence as CanaryVerdict);
  const found = verdicts.findLast(predicate);
  if (!found) throw new Error(`no such verdict among ${verdicts.map((v) => v.outcome).join(", ")}`);
  return found;
}

/** The release's email as the outbox keeps it, from its stored state alone. */
async function storedEmail(id: number): Promise<OutboxEmail> {
  const stored = (await findRelease(database.sql, id))!;
  const report = buildReleaseReport(stored, policy, { codeCommit: "test", dataSnapshotId: "test" });
  const outboxDir = join(root, `outbox-${id}`);
  const sent = await sendReleaseEmail(report, { resend: null, from: "release@example.com", to: ["team@example.com"], outboxDir, now: () => new Date() });
  if (sent.status !== "outbox") throw new Error(`expected the outbox, got ${sent.status}`);
  return OutboxEmail.parse(JSON.parse(readFileSync(sent.path, "utf8")));
}

/**
 * Every interleaved answer of `users` in telemetry before `until` (epoch ms) is the team
 * draft of stable's and the candidate's lists, seeded by its request id; returns how many.
 * (Once a promotion starts, stable's workers move to the candidate one by one while the
 * interleaved route still stands, so both teams then hold the same list.)
 */
async function expectTeamDraftTelemetry(users: readonly number[], until = Date.now()): Promise<number> {
  const rows = await database.sql`
    select request_id, array_to_json(items)::text as items, interleaving::text as interleaving from telemetry_events
    where user_id between ${users[0]} and ${users[users.length - 1]} and interleaving ->> 'interleaved' = 'true'
      and time < ${timestampSql(database.sql, until)}`;
  for (const row of rows) {
    const interleaving = TelemetryInterleaving.parse(JSON.parse(row.interleaving));
    expect(interleaving).toMatchObject({ a: "stable", b: CANARY_POOL });
    expect({ items: JSON.parse(row.items), teams: interleaving.teams }).toEqual(teamDraft(STABLE_LIST, CANDIDATE_LIST, row.request_id));
  }
  return rows.length;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  // One connection: the embedded database serves every connection on one session, where
  // one connection's Sync can drop the unnamed portal another has bound but not executed.
  database = connectDatabase(testDb.url, { max: 1 });
  workers = inProcessWorkers(database, log, TOKEN);
  await register("x1", [1, 0]);
  await promoteModel(database.sql, "x1");
  stable = [await workers.start("x1"), await workers.start("x1")];
  await writeRules(database.sql, RuleSet.parse({
    formatVersion: RULES_FORMAT_VERSION, version: 0,
    pools: { stable: { urls: stable.map((s) => s.url), modelVersion: "x1" } },
    routes: [], defaultPool: "stable", experiments: [],
  }), { actor: "test", source: "seed" });
}, 60_000);
afterAll(async () => {
  await workers?.stopAll();
  await database?.close();
  await testDb?.drop();
  rmSync(root, { recursive: true, force: true });
});

describe("superviseRelease() with the interleaved preference test", () => {
  test("a candidate whose ranking the interleaved users do not take up is rolled back on preference, and the rules are restored", async () => {
    await register("x2-reversed", [-1, 0]);
    const before = await storedRules();
    // These users like what stable ranks first.
    const { final, counts, launcher } = await release("x2-reversed", USERS.stablePreferred, ["a", "b"]);

    expect(final.phase).toBe("rolled_back");
    expect(final.reason).toStartWith("canary failed at 50%: preference:");
    expect(final.reason).toContain("users prefer the stable ranking");
    const failed = verdictOf(final, (v) => v.outcome === "fail");
    expect(failed.reasons.filter((r) => r.outcome === "fail").map((r) => r.check)).toEqual(["preference"]);
    const preference = failed.evidence.preference as PreferenceEvidence;
    expect(preference).toMatchObject({ mode: "instead", verdict: "stable preferred", preferCandidate: 0, share: 0 });
    expect(preference.preferStable).toBeGreaterThan(0);
    // Instead of the conversion comparison: no lift was judged.
    expect(failed.evidence.quality).toEqual({});

    // Routing first, then the canary, then the model.
    const after = await storedRules();
    expect(after.routes.map((r) => r.name)).not.toContain(CANARY_ROUTE);
    expect(after.routes.map((r) => r.name)).not.toContain(CANARY_INTERLEAVED_ROUTE);
    expect({ ...after, version: 0 }).toEqual({ ...before, version: 0 });
    expect(launcher.running()).toBeNull();
    expect((await findModel(database.sql, "x2-reversed"))?.status).toBe("rejected");

    // The router merged by team draft and said so; ingestion took every line and event.
    expect(await expectTeamDraftTelemetry(USERS.stablePreferred)).toBe(counts.interleaved);
    expect(counts.interleaved).toBeGreaterThan(0);
    expect(counts.refused).toEqual({});
    expect(counts.shownLists).toBe(counts.requests);
    expect(counts.watches).toBeGreaterThan(0);

    const email = await storedEmail(final.id);
    expect(email.subject).toContain("x2-reversed");
    expect(email.text).toContain(`${preference.preferStable} prefer stable, 0 prefer candidate, ${preference.ties} ties, ${preference.noCredit} no credit`);
    expect(email.text).toContain("candidate share 0.0%");
    expect(email.text).toContain("instead of conversion");
    expect(email.text).toContain(INTERLEAVING_NOTE);
  }, 30_000);

  test("a candidate the interleaved users prefer passes the quality step on preference and is promoted", async () => {
    await register("x3-reversed", [-1, 0]);
    // These users like what the candidate ranks first.
    const { final, counts, launcher } = await release("x3-reversed", USERS.candidatePreferred, ["e", "c"]);

    expect(final.phase).toBe("promoted");
    const passed = verdictOf(final, (v) => v.outcome === "pass" && v.evidence.step === 0);
    expect(passed.reasons.find((r) => r.check === "preference")?.outcome).toBe("pass");
    const preference = passed.evidence.preference as PreferenceEvidence;
    expect(preference).toMatchObject({ mode: "instead", verdict: "candidate no worse", preferStable: 0, share: 1 });
    expect(preference.preferCandidate).toBeGreaterThan(0);
    expect(final.history.map((d) => d.event)).toContain("promotion_done");

    const after = await storedRules();
    expect(after.routes.map((r) => r.name)).not.toContain(CANARY_ROUTE);
    expect(after.routes.map((r) => r.name)).not.toContain(CANARY_INTERLEAVED_ROUTE);
    expect(Object.keys(after.pools)).toEqual(["stable"]);
    expect(after.pools.stable.modelVersion).toBe("x3-reversed");
    expect(launcher.running()).toBeNull();
    expect((await findModel(database.sql, "x3-reversed"))?.status).toBe("production");
    for (const s of stable) expect((await fetch(`${s.url}/readyz`)).headers.get("x-model-version")).toBe("x3-reversed");

    const promoting = final.history.find((d) => d.to === "promoting")!;
    expect(await expectTeamDraftTelemetry(USERS.candidatePreferred, promoting.at)).toBeGreaterThan(0);
    expect(counts.refused).toEqual({});
    expect(counts.shownLists).toBe(counts.requests);

    const email = await storedEmail(final.id);
    expect(email.text).toContain(`0 prefer stable, ${preference.preferCandidate} prefer candidate`);
    expect(email.text).toContain(INTERLEAVING_NOTE);
  }, 30_000);
});
