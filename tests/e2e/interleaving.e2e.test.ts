/**
 * Team-draft interleaving end to end with real processes: a Postgres test database,
 * librdkafka's mock Kafka cluster, two Bun workers (pools "a" and "b": the circle model,
 * and the same model with users 10 and 20 swapped, so the two pools rank differently for
 * them) and the Deno router. The rules interleave both pools for every user (an
 * experiment whose variant names them, set on its column by plain SQL as an operator
 * would). Answers must be the team-draft merge of both workers' lists seeded by the
 * router's request id; the router's signed telemetry, read back from Kafka and stored
 * by the telemetry store, must give each item's team. With pool b's worker killed,
 * answers must be pool a's list alone, recorded as not interleaved. Every answer is a
 * 200 with 1–20 distinct ids.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import { type MockKafkaCluster, startMockKafkaCluster } from "../../infra/kafka/mock-cluster.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import { createPostgresTelemetryStore } from "../../ingest/postgres-telemetry-store.ts";
import { TEST_TELEMETRY_SIGNING_KEY } from "../../router/testing/sample-telemetry-event.ts";
import { teamDraft } from "../../shared/interleaving/team-draft.ts";
import { MAX_ANSWER_ITEMS } from "../../shared/recommendation/max-answer-items.ts";
import { RuleSet } from "../../shared/rules/index.ts";
import { createTelemetryVerifier, parseTelemetryEvent, type TelemetryEvent } from "../../shared/telemetry/index.ts";
import { DEFAULT_EVENT_TIME_BOUNDS } from "../../shared/time/event-time-bounds.ts";
import { EXPECTED, writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";
import { freePort } from "../support/free-port.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { waitFor } from "../support/wait-for.ts";

const ROOT = join(import.meta.dir, "../..");
const TOPIC = "telemetry";
// The real binary: node_modules/.bin/deno is a Node wrapper that would not pass signals on.
const DENO: string = createRequire(join(ROOT, "package.json"))("deno/install_api.cjs").runInstall();
/** Users 10 and 20 get different lists from the two pools; user 1000 is unknown to both (the same popular line). */
const USERS = [10, 20, 1000];
const POPULAR = ["d", "c", "a", "b", "e"];
const LISTS: Record<"a" | "b", Record<number, string[]>> = {
  a: { 10: EXPECTED.A[10].split(","), 20: EXPECTED.A[20].split(","), 1000: POPULAR },
  b: { 10: EXPECTED.B[10].split(","), 20: EXPECTED.B[20].split(","), 1000: POPULAR },
};

type Answer = { clientRequestId: string; requestId: string; userId: number; items: string[]; variant: string | null; modelVersion: string | null };

const dir = mkdtempSync(join(tmpdir(), "interleaving-e2e-"));
const workers: Record<string, ReturnType<typeof Bun.spawn>> = {};
let router: ReturnType<typeof Bun.spawn> | undefined;
let cluster: MockKafkaCluster;
let testDb: TestDatabase;
let database: Database;
let routerUrl: string;

beforeAll(async () => {
  [cluster, testDb] = await Promise.all([startMockKafkaCluster({ topic: TOPIC }), createTestDatabase()]);
  database = connectDatabase(testDb.url, { applicationName: "psql" });
  const urls: Record<string, string> = {};
  for (const [pool, variant] of [["a", "A"], ["b", "B"]] as const) {
    const port = await freePort();
    urls[pool] = `http://127.0.0.1:${port}`;
    const artifact = await writeCircleArtifact(dir, `${pool}-1`, variant);
    workers[pool] = Bun.spawn([process.execPath, join(ROOT, "workers/main.ts")], {
      env: {
        ...process.env,
        WORKER_PORT: String(port),
        WORKER_HOST: "127.0.0.1",
        WORKER_MODEL_PATH: artifact,
        WORKER_STATE_DIR: join(dir, `worker-${pool}`),
        DATABASE_URL: "",
      },
      stdout: "ignore",
      stderr: "ignore",
    });
  }
  const rules = RuleSet.parse({
    formatVersion: 1,
    version: 0,
    pools: { a: { urls: [urls.a], modelVersion: "a-1" }, b: { urls: [urls.b], modelVersion: "b-1" } },
    routes: [],
    defaultPool: "a",
    experiments: [{
      key: "rankers",
      seed: "rankers",
      coverage: 1,
      status: "running",
      variants: [{ key: "mixed", weight: 1, interleave: { a: "a", b: "b" } }, { key: "plain", weight: 0 }],
    }],
  });
  await writeRules(database.sql, rules, { actor: "test", source: "seed" });
  // The interleaving's columns, as an operator's SQL sets them (whatever the rules store writes).
  await database.sql`
    update rules_variants set interleave_a = 'a', interleave_b = 'b' where experiment = 'rankers' and key = 'mixed'`;
  const port = await freePort();
  routerUrl = `http://127.0.0.1:${port}`;
  router = Bun.spawn([DENO, "run", "--allow-all", join(ROOT, "router/main.ts")], {
    env: {
      ...process.env,
      ROUTER_PORT: String(port),
      ROUTER_HOST: "127.0.0.1",
      ROUTER_STATE_DIR: join(dir, "router-state"),
      DATABASE_URL: testDb.url,
      KAFKA_BROKERS: cluster.brokers.join(","),
      ROUTER_TELEMETRY_TOPIC: TOPIC,
      TELEMETRY_SIGNING_KEY: TEST_TELEMETRY_SIGNING_KEY,
      ROUTER_SEED_POOL_URLS: urls.a,
      ROUTER_HEALTH_INTERVAL_MS: "200",
    },
    stdout: "ignore",
    stderr: "ignore",
  });
  await waitFor(
    "both workers ready",
    async () => (await Promise.all(Object.values(urls).map((u) => fetch(`${u}/readyz`)))).every((r) => r.ok),
    20_000,
    50,
  );
  await waitFor(
    "an interleaved answer through the router",
    async () => (await fetch(`${routerUrl}/recommend/10`)).headers.get("x-variant") === "rankers=mixed,interleaved=a+b",
    30_000,
    50,
  );
}, 60_000);

afterAll(async () => {
  await reader?.disconnect();
  const children = [...Object.values(workers), ...(router ? [router] : [])];
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(children.map((child) => child.exited));
  await database?.close();
  await Promise.all([cluster?.stop(), testDb?.drop()]);
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function ask(userId: number, clientRequestId: string): Promise<Answer> {
  const response = await fetch(`${routerUrl}/recommend/${userId}`, { headers: { "X-Request-Id": clientRequestId } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET /recommend/${userId} answered ${response.status}: ${body}`);
  const items = body.split(",");
  // The answer contract: 1–20 distinct ids.
  expect(items.length).toBeGreaterThanOrEqual(1);
  expect(items.length).toBeLessThanOrEqual(MAX_ANSWER_ITEMS);
  expect(new Set(items).size).toBe(items.length);
  return {
    clientRequestId,
    requestId: response.headers.get("x-request-id") ?? "",
    userId,
    items,
    variant: response.headers.get("x-variant"),
    modelVersion: response.headers.get("x-model-version"),
  };
}

/** Every telemetry event read back from Kafka so far, by the caller's request id, with its raw message. */
const telemetry = new Map<string, { event: TelemetryEvent; raw: string }>();
let reader: ReturnType<ReturnType<typeof createKafka>["consumer"]> | undefined;

/** The router's telemetry events of the given caller's request ids; one consumer serves every test (joining a group is slow). */
async function telemetryOf(clientRequestIds: readonly string[]): Promise<Map<string, { event: TelemetryEvent; raw: string }>> {
  if (!reader) {
    reader = createKafka(cluster.brokers, "interleaving-reader", createLogger("test", () => {}))
      .consumer({ groupId: `reader-${crypto.randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic: TOPIC, fromBeginning: true });
    await reader.run({
      eachMessage: ({ message }) => {
        const raw = message.value?.toString() ?? "";
        const parsed = parseTelemetryEvent(raw);
        if (!parsed.ok) throw new Error(`unreadable telemetry message: ${parsed.reason}: ${parsed.detail}`);
        const sentAs = parsed.event.clientRequestId;
        if (sentAs !== null) telemetry.set(sentAs, { event: parsed.event, raw });
        return Promise.resolve();
      },
    });
  }
  await waitFor(`${clientRequestIds.length} telemetry events`, () => clientRequestIds.every((id) => telemetry.has(id)), 20_000, 50);
  return telemetry;
}

const interleavedAnswers: Answer[] = [];

test("interleaved answers are the team-draft merge of both pools' lists, seeded by the router's request id", async () => {
  // Several requests per user: different request ids draw different coins.
  for (const userId of USERS) {
    for (let i = 0; i < 4; i++) interleavedAnswers.push(await ask(userId, `mix-${userId}-${i}`));
  }
  for (const answer of interleavedAnswers) {
    const merged = teamDraft(LISTS.a[answer.userId], LISTS.b[answer.userId], answer.requestId, 5);
    expect({ userId: answer.userId, items: answer.items }).toEqual({ userId: answer.userId, items: merged.items });
    expect(answer.variant).toBe("rankers=mixed,interleaved=a+b");
    expect(answer.modelVersion).toBe("a-1");
  }
  // The merges differ from either pool's own list for users the pools rank differently.
  const differing = interleavedAnswers.filter((a) => a.userId !== 1000);
  expect(differing.some((a) => a.items.join() !== LISTS.a[a.userId].join())).toBe(true);
  expect(differing.some((a) => a.items.join() !== LISTS.b[a.userId].join())).toBe(true);
}, 30_000);

test("the signed telemetry of each interleaved answer names the team of every item, and is stored so", async () => {
  const events = await telemetryOf(interleavedAnswers.map((a) => a.clientRequestId));
  const verify = createTelemetryVerifier(TEST_TELEMETRY_SIGNING_KEY);
  for (const answer of interleavedAnswers) {
    const { event } = events.get(answer.clientRequestId)!;
    const merged = teamDraft(LISTS.a[answer.userId], LISTS.b[answer.userId], answer.requestId, 5);
    expect(verify(event)).toBe("signed");
    expect({ items: event.items, interleaving: event.interleaving, pool: event.pool }).toEqual({
      items: answer.items,
      interleaving: { a: "a", b: "b", interleaved: true, teams: merged.teams },
      pool: "a",
    });
  }
  // Through the telemetry store into telemetry_events: the teams line up with the items.
  const store = createPostgresTelemetryStore(database.sql, {
    signingKey: TEST_TELEMETRY_SIGNING_KEY,
    timeBounds: DEFAULT_EVENT_TIME_BOUNDS,
    now: Date.now,
  });
  const lines = interleavedAnswers.map((a, position) => ({ raw: events.get(a.clientRequestId)!.raw, partition: 0, position }));
  const counts = await store.applyBatch({
    checkpoint: { consumer: "interleaving-e2e", clusterId: "mock", topic: TOPIC, partition: 0 },
    lines,
  });
  expect(counts.accepted).toBe(interleavedAnswers.length);
  const rows = await database.sql<{ request_id: string; items: string[]; interleaving: unknown }[]>`
    select request_id, items, interleaving from telemetry_events`;
  expect(rows.map((r) => ({ ...r })).sort((x, y) => x.request_id.localeCompare(y.request_id))).toEqual(
    interleavedAnswers.map((a) => ({
      request_id: a.requestId,
      items: a.items,
      interleaving: { a: "a", b: "b", interleaved: true, teams: teamDraft(LISTS.a[a.userId], LISTS.b[a.userId], a.requestId, 5).teams },
    })).sort((x, y) => x.request_id.localeCompare(y.request_id)),
  );
}, 30_000);

test("with pool b's worker down, answers are pool a's list alone, recorded as not interleaved", async () => {
  workers.b.kill("SIGKILL");
  await workers.b.exited;
  const answers: Answer[] = [];
  for (const userId of USERS) {
    for (let i = 0; i < 3; i++) answers.push(await ask(userId, `single-${userId}-${i}`));
  }
  for (const answer of answers) {
    expect({ userId: answer.userId, items: answer.items, variant: answer.variant, model: answer.modelVersion }).toEqual({
      userId: answer.userId,
      items: LISTS.a[answer.userId],
      variant: "rankers=mixed",
      model: "a-1",
    });
  }
  const events = await telemetryOf(answers.map((a) => a.clientRequestId));
  for (const answer of answers) {
    const { event } = events.get(answer.clientRequestId)!;
    expect({ fallback: event.fallback, pool: event.pool, interleaving: event.interleaving }).toEqual({
      fallback: false,
      pool: "a",
      interleaving: { a: "a", b: "b", interleaved: false, teams: answer.items.map(() => "A") },
    });
  }
}, 30_000);
