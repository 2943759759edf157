/**
 * Experiment assignment from the rules to serving and telemetry, end to end with real
 * processes: a Postgres test database, librdkafka's mock Kafka cluster, two Bun workers
 * (pools "a" and "b", circle artifacts a-1 and b-1) and the Deno router. An operator
 * creates and starts an experiment by plain SQL (its treatment picks pool "b"), then adds
 * a second one in another layer through PUT /admin/rules (its "short" variant sets the
 * worker flag listLength 2); each must show in X-Variant, X-Model-Version and the answer
 * within 1 s. The router's telemetry events, read back from Kafka, must be signed with
 * the router's key, carry the caller's X-Request-Id apart from the router's own id, and
 * name both experiments' variants; stopping the first by SQL must drop it from answers
 * within 1 s.
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
import { readRules, writeRules } from "../../infra/rules/rules-store.ts";
import {
  type Experiment,
  parseRuleSet,
  resolveRequest,
  type RuleSet,
} from "../../shared/rules/index.ts";
import { TEST_TELEMETRY_SIGNING_KEY } from "../../router/testing/sample-telemetry-event.ts";
import {
  createTelemetryVerifier,
  parseTelemetryEvent,
  type TelemetryEvent,
} from "../../shared/telemetry/index.ts";
import { writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";
import { freePort } from "../support/free-port.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { waitFor } from "../support/wait-for.ts";

const ROOT = join(import.meta.dir, "../..");
const TOKEN = "experiment-propagation-token-0123";
const TOPIC = "telemetry";
// The real binary: node_modules/.bin/deno is a Node wrapper that would not pass signals on.
const DENO: string = createRequire(join(ROOT, "package.json"))("deno/install_api.cjs").runInstall();
/** Users asked after every change; unknown to the circle model, so each gets the 5-movie popular line. */
const USERS = Array.from({ length: 40 }, (_, i) => 1000 + i);
const MODEL_VERSIONS: Record<string, string> = { a: "a-1", b: "b-1" };

type Answer = {
  userId: number;
  variant: string | null;
  modelVersion: string | null;
  items: number;
};
/** One request as its answer or its telemetry event tells it. */
type Served = {
  requestId: string;
  userId: number | null;
  variant: string | null;
  modelVersion: string | null;
};

const dir = mkdtempSync(join(tmpdir(), "experiment-propagation-"));
const children: ReturnType<typeof Bun.spawn>[] = [];
let cluster: MockKafkaCluster;
let testDb: TestDatabase;
let database: Database;
let routerUrl: string;

beforeAll(async () => {
  [cluster, testDb] = await Promise.all([
    startMockKafkaCluster({ topic: TOPIC }),
    createTestDatabase(),
  ]);
  database = connectDatabase(testDb.url, { applicationName: "psql" });
  const urls: Record<string, string> = {};
  for (const [pool, variant] of [["a", "A"], ["b", "B"]] as const) {
    const port = await freePort();
    urls[pool] = `http://127.0.0.1:${port}`;
    const artifact = await writeCircleArtifact(dir, MODEL_VERSIONS[pool], variant);
    children.push(Bun.spawn([process.execPath, join(ROOT, "workers/main.ts")], {
      env: {
        ...process.env,
        WORKER_PORT: String(port),
        WORKER_HOST: "127.0.0.1",
        WORKER_MODEL_PATH: artifact,
        WORKER_STATE_DIR: join(dir, `worker-${port}`),
        DATABASE_URL: "",
      },
      stdout: "ignore",
      stderr: "ignore",
    }));
  }
  const seed: RuleSet = {
    formatVersion: 1,
    version: 0,
    pools: Object.fromEntries(
      Object.entries(urls).map((
        [pool, url],
      ) => [pool, { urls: [url], modelVersion: MODEL_VERSIONS[pool] }]),
    ),
    routes: [],
    defaultPool: "a",
    experiments: [],
  };
  await writeRules(database.sql, seed, { actor: "test", source: "seed" });
  const port = await freePort();
  routerUrl = `http://127.0.0.1:${port}`;
  children.push(Bun.spawn([DENO, "run", "--allow-all", join(ROOT, "router/main.ts")], {
    env: {
      ...process.env,
      ROUTER_PORT: String(port),
      ROUTER_HOST: "127.0.0.1",
      ROUTER_STATE_DIR: join(dir, "router-state"),
      DATABASE_URL: testDb.url,
      ROUTER_ADMIN_TOKEN: TOKEN,
      KAFKA_BROKERS: cluster.brokers.join(","),
      ROUTER_TELEMETRY_TOPIC: TOPIC,
      TELEMETRY_SIGNING_KEY: TEST_TELEMETRY_SIGNING_KEY,
      ROUTER_SEED_POOL_URLS: urls.a,
      ROUTER_HEALTH_INTERVAL_MS: "200",
    },
    stdout: "ignore",
    stderr: "ignore",
  }));
  await waitFor(
    "both workers ready",
    async () =>
      (await Promise.all(Object.values(urls).map((u) => fetch(`${u}/readyz`)))).every((r) => r.ok),
    20_000,
    50,
  );
  await waitFor(
    "a-1 through the router",
    async () => (await fetch(`${routerUrl}/recommend/1`)).headers.get("x-model-version") === "a-1",
    30_000,
    50,
  );
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(children.map((child) => child.exited));
  await database?.close();
  await Promise.all([cluster?.stop(), testDb?.drop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function ask(userId: number, requestId?: string): Promise<Answer> {
  const response = await fetch(`${routerUrl}/recommend/${userId}`, {
    headers: requestId ? { "X-Request-Id": requestId } : {},
  });
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`GET /recommend/${userId} answered ${response.status}: ${body}`);
  }
  return {
    userId,
    variant: response.headers.get("x-variant"),
    modelVersion: response.headers.get("x-model-version"),
    items: body.split(",").length,
  };
}

/** What the stored rules say each of USERS must be answered with; the worker answers 5 movies unless listLength says fewer. */
async function expectedAnswers(): Promise<Answer[]> {
  const parsed = parseRuleSet(await readRules(database.sql));
  if (!parsed.ok) throw new Error(`stored rules invalid: ${parsed.errors.join("; ")}`);
  return USERS.map((userId) => {
    const resolution = resolveRequest(parsed.rules, { userId, headers: {} });
    const listLength = resolution.flags.listLength;
    return {
      userId,
      variant: resolution.assignments.map((a) => `${a.experiment}=${a.variant}`).join(","),
      modelVersion: MODEL_VERSIONS[resolution.pool],
      items: typeof listLength === "number" ? Math.min(listLength, 5) : 5,
    };
  });
}

/** Milliseconds from `sent` until every one of USERS is answered as the stored rules say (asked in rounds, all at once). */
async function appliedAfter(sent: number, expected: Answer[]): Promise<number> {
  let last: Answer[] = [];
  while (performance.now() - sent < 5000) {
    last = await Promise.all(USERS.map((userId) => ask(userId)));
    if (Bun.deepEquals(last, expected)) return performance.now() - sent;
    await Bun.sleep(10);
  }
  expect(last).toEqual(expected);
  throw new Error("unreachable: the answers never matched the rules");
}

/** Counts of each X-Variant value among `answers`. */
const variantCounts = (answers: Answer[]) =>
  answers.reduce<Record<string, number>>(
    (counts, a) => ({
      ...counts,
      [a.variant ?? "(none)"]: (counts[a.variant ?? "(none)"] ?? 0) + 1,
    }),
    {},
  );

test("an experiment created and started by SQL shows in X-Variant and serving within 1 s", async () => {
  // As an operator in psql: create it as a draft in one transaction, then start it.
  await database.sql.begin(async (sql) => {
    await sql`insert into rules_experiments (key, position, namespace_name, namespace_start, namespace_end, seed, coverage, status)
      values ('pool-ab', 0, 'home', 0, 0.6, 'pool-ab-2024', 1, 'draft')`;
    await sql`insert into rules_variants (experiment, key, position, weight, pool) values
      ('pool-ab', 'control', 0, 0.5, 'a'), ('pool-ab', 'treatment', 1, 0.5, 'b')`;
  });
  const sent = performance.now();
  await database.sql`update rules_experiments set status = 'running' where key = 'pool-ab'`;
  const committed = performance.now() - sent;
  const expected = await expectedAnswers();
  const ms = await appliedAfter(sent, expected);
  console.log(
    `  SQL start applied to every answer ${
      ms.toFixed(0)
    } ms after the statement was sent (commit after ${committed.toFixed(0)} ms); ${
      JSON.stringify(variantCounts(expected))
    }`,
  );
  expect(ms).toBeLessThan(1000);
  expect(
    expected.filter((a) => a.variant === "pool-ab=treatment" && a.modelVersion === "b-1").length,
  ).toBeGreaterThan(0);
  expect(expected.filter((a) => a.variant === "pool-ab=control" && a.modelVersion === "a-1").length)
    .toBeGreaterThan(0);
  expect(expected.filter((a) => a.variant === "").length).toBeGreaterThan(0);
});

test("an experiment in another layer added by PUT /admin/rules sets its worker flag within 1 s", async () => {
  const current = parseRuleSet(await readRules(database.sql));
  if (!current.ok) throw new Error(`stored rules invalid: ${current.errors.join("; ")}`);
  const listLength: Experiment = {
    key: "list-length",
    namespace: ["list", 0, 1],
    seed: "list-length-2024",
    coverage: 1,
    status: "running",
    variants: [{ key: "short", weight: 0.5, flags: { listLength: 2 } }, {
      key: "full",
      weight: 0.5,
    }],
  };
  const document = { ...current.rules, experiments: [...current.rules.experiments, listLength] };
  const sent = performance.now();
  const response = await fetch(`${routerUrl}/admin/rules`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${TOKEN}`, "X-Actor": "e2e" },
    body: JSON.stringify(document),
  });
  expect(response.status).toBe(200);
  const expected = await expectedAnswers();
  const ms = await appliedAfter(sent, expected);
  console.log(
    `  PUT applied to every answer ${ms.toFixed(0)} ms after it was sent; ${
      JSON.stringify(variantCounts(expected))
    }`,
  );
  expect(ms).toBeLessThan(1000);
  expect(expected.filter((a) => a.variant?.includes("list-length=short") && a.items === 2).length)
    .toBeGreaterThan(0);
  expect(expected.filter((a) => a.variant?.includes("list-length=full") && a.items === 5).length)
    .toBeGreaterThan(0);
  expect(
    expected.filter((a) => a.variant?.startsWith("pool-ab=") && a.variant.includes(",list-length="))
      .length,
  ).toBeGreaterThan(0);
});

test("the telemetry events on Kafka name each request's variants of both experiments", async () => {
  const requestIds = new Map(USERS.map((userId) => [`exp-prop-${userId}`, userId]));
  const answered = new Map<string, Answer>();
  for (const [requestId, userId] of requestIds) {
    answered.set(requestId, await ask(userId, requestId));
  }
  const started = performance.now();
  const consumer = createKafka(
    cluster.brokers,
    "experiment-propagation-reader",
    createLogger("test", () => {}),
  ).consumer({ groupId: `reader-${crypto.randomUUID()}` });
  const events = new Map<string, TelemetryEvent>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        const parsed = parseTelemetryEvent(message.value?.toString() ?? "");
        if (!parsed.ok) throw new Error(`unreadable telemetry message: ${parsed.reason}`);
        // The router keys each request by its own id; the caller's travels apart.
        const sentAs = parsed.event.clientRequestId;
        if (sentAs !== null && requestIds.has(sentAs)) {
          events.set(sentAs, parsed.event);
        }
        return Promise.resolve();
      },
    });
    await waitFor(
      `${requestIds.size} telemetry events of the requests made`,
      () => events.size === requestIds.size,
      20_000,
      50,
    );
  } finally {
    await consumer.disconnect();
  }
  console.log(
    `  ${events.size} telemetry events read back from Kafka ${
      (performance.now() - started).toFixed(0)
    } ms after the last answer`,
  );
  // Each event names exactly the variants its answer carried in X-Variant, and the user and model.
  const fromEvents: Served[] = [...events.entries()].map(([requestId, e]) => ({
    requestId,
    userId: e.userId,
    variant: e.assignments.map((a) => `${a.experiment}=${a.variant}`).join(","),
    modelVersion: e.modelVersion,
  })).sort((x, y) => x.requestId.localeCompare(y.requestId));
  const fromAnswers: Served[] = [...answered].map(([requestId, a]) => ({
    requestId,
    userId: a.userId,
    variant: a.variant,
    modelVersion: a.modelVersion,
  }))
    .sort((x, y) => x.requestId.localeCompare(y.requestId));
  expect(fromEvents).toEqual(fromAnswers);
  const verify = createTelemetryVerifier(TEST_TELEMETRY_SIGNING_KEY);
  expect(new Set([...events.values()].map(verify))).toEqual(new Set(["signed"]));
  expect(new Set([...events.values()].map((e) => e.requestId)).size).toBe(events.size);
  expect([...events.keys()].some((sentAs) => events.get(sentAs)!.requestId === sentAs)).toBe(false);
  const named = new Set(
    [...events.values()].flatMap((e) => e.assignments.map((a) => `${a.experiment}=${a.variant}`)),
  );
  expect([...named].sort()).toEqual([
    "list-length=full",
    "list-length=short",
    "pool-ab=control",
    "pool-ab=treatment",
  ]);
  expect([...events.values()].filter((e) => e.assignments.length === 2).length).toBeGreaterThan(0);
});

test("an experiment stopped by SQL leaves X-Variant and serving within 1 s", async () => {
  const sent = performance.now();
  await database.sql`update rules_experiments set status = 'stopped' where key = 'pool-ab'`;
  const expected = await expectedAnswers();
  const ms = await appliedAfter(sent, expected);
  console.log(
    `  SQL stop applied to every answer ${ms.toFixed(0)} ms after the statement was sent; ${
      JSON.stringify(variantCounts(expected))
    }`,
  );
  expect(ms).toBeLessThan(1000);
  expect(expected.filter((a) => a.variant?.includes("pool-ab"))).toEqual([]);
  expect(
    expected.every((a) =>
      a.modelVersion === "a-1" && /^list-length=(short|full)$/.test(a.variant ?? "")
    ),
  ).toBe(true);
});
