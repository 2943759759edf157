/**
 * The router process starts and serves without its database: from the static fallback,
 * or from what an earlier run persisted, and follows the database once it is reachable.
 * Its stop is quick when the database and Kafka are already dead.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { isPortOpen } from "../infra/db/embedded-database.ts";
import { startMockKafkaCluster } from "../infra/kafka/mock-cluster.ts";
import { writeRules } from "../infra/rules/rules-store.ts";
import { freePort } from "../tests/support/free-port.ts";
import { startTcpProxy } from "../tests/support/tcp-proxy.ts";
import { createTestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { STATIC_FALLBACK } from "./static-fallback.ts";
import { startFakeWorker } from "./testing/fake-worker.ts";
import {
  fetchFresh,
  startRouterProcess,
  type RouterLogLine,
} from "./testing/router-process.ts";
import { poolRules } from "./testing/sample-rules.ts";

const integration = { sanitizeOps: false, sanitizeResources: false };

const UNREACHABLE = "database unreachable at start: serving without it, retrying in the background";

/** The ids of a 200 answer of 1–20 distinct ids; fails the test otherwise. */
function answerIds(answer: { status: number; text: string }): string[] {
  assert.equal(answer.status, 200, answer.text);
  const ids = answer.text.split(",");
  assert.ok(ids.length >= 1 && ids.length <= 20, answer.text);
  assert.equal(new Set(ids).size, ids.length, answer.text);
  return ids;
}

const messages = (lines: RouterLogLine[], level: string) =>
  lines.filter((l) => l.level === level).map((l) => l.message);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "router-state-"));
}

/** A database URL through `port`, which nothing has to listen on. */
function urlVia(databaseUrl: string, port: number): string {
  const url = new URL(databaseUrl);
  url.port = String(port);
  return url.toString();
}

Deno.test({
  name:
    "a router whose database is unreachable answers from the static fallback at once, logs it once, and keeps running",
  ...integration,
}, async () => {
  const stateDir = tempDir();
  const router = await startRouterProcess({
    DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere`,
    ROUTER_STATE_DIR: stateDir,
  });
  try {
    const ids = answerIds(await fetchFresh(`${router.url}/recommend/1`));
    assert.deepEqual(ids, STATIC_FALLBACK);
    assert.equal(answerIds(await fetchFresh(`${router.url}/recommend/777`)).length, 20);
    // Attempts at 0, 250, 750 and 1750 ms: the retries after the first stay quiet.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const health = JSON.parse((await fetchFresh(`${router.url}/healthz`)).text);
    assert.deepEqual(health, { status: "ok", rulesVersion: null, fallback: "static" });
    assert.deepEqual(messages(router.lines, "warn"), [UNREACHABLE]);
    assert.deepEqual(messages(router.lines, "error"), []);
    assert.deepEqual(router.lines.filter((l) => l.level === "raw"), []);
  } finally {
    await router.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

Deno.test({
  name:
    "a router starts from the rules and fallback list an earlier run persisted, then applies the stored rules once its database is reachable",
  ...integration,
}, async () => {
  const testDb = await createTestDatabase();
  const database = connectDatabase(testDb.url, { applicationName: "router-start-test" });
  const target = new URL(testDb.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const [blue, green] = [
    startFakeWorker({ body: "blue+2001" }),
    startFakeWorker({ body: "green+2002" }),
  ];
  const stateDir = tempDir();
  const env = {
    DATABASE_URL: urlVia(testDb.url, proxy.port),
    ROUTER_STATE_DIR: stateDir,
    ROUTER_FALLBACK_REFRESH_MS: "1000",
    ROUTER_HEALTH_INTERVAL_MS: "200",
  };
  try {
    await database.sql`
      insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
      select u, m, now(), now(), '{1}', 1, 1
      from (values (1, 'heat+1995'), (2, 'heat+1995'), (1, 'akira+1988')) as w(u, m)`;
    await writeRules(database.sql, poolRules([blue.url]), { actor: "test", source: "seed" });

    // The earlier run: it reads the rules and the fallback list, and persists both.
    const earlier = await startRouterProcess(env);
    await waitFor(
      "the earlier run to forward to blue",
      async () => (await fetchFresh(`${earlier.url}/recommend/1`)).text === "blue+2001",
    );
    await waitFor(
      "the earlier run to load the most-watched list",
      async () =>
        JSON.parse((await fetchFresh(`${earlier.url}/healthz`)).text).fallback === "watch_sessions",
    );
    earlier.kill("SIGTERM");
    assert.equal((await earlier.exited).code, 0);

    // The database becomes unreachable, and its rules change meanwhile.
    await proxy.cut();
    await writeRules(database.sql, poolRules([green.url], { version: 0 }), {
      actor: "test",
      source: "api",
    });

    const router = await startRouterProcess(env);
    try {
      assert.equal((await fetchFresh(`${router.url}/recommend/1`)).text, "blue+2001");
      const health = JSON.parse((await fetchFresh(`${router.url}/healthz`)).text);
      assert.deepEqual(health, { status: "ok", rulesVersion: 1, fallback: "watch_sessions" });
      // With its worker failing, it answers from the persisted list, not the static one.
      blue.behaviour.status = 500;
      assert.deepEqual(answerIds(await fetchFresh(`${router.url}/recommend/1`)), [
        "heat+1995",
        "akira+1988",
      ]);
      assert.deepEqual(messages(router.lines, "warn"), [UNREACHABLE]);

      await proxy.restore();
      await waitFor(
        "the stored rules to apply",
        async () => (await fetchFresh(`${router.url}/recommend/1`)).text === "green+2002",
      );
      assert.equal(JSON.parse((await fetchFresh(`${router.url}/healthz`)).text).rulesVersion, 2);
      assert.ok(router.lines.some((l) => l.message === "database reachable"));
      assert.deepEqual(messages(router.lines, "error"), []);
    } finally {
      await router.close();
    }
  } finally {
    await proxy.close();
    await database.close();
    await testDb.drop();
    await blue.close();
    await green.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

Deno.test({
  name:
    "a router without DATABASE_URL serves while it starts the embedded database, then seeds and applies the rules, and stops the database it started",
  ...integration,
}, async () => {
  const stateDir = tempDir();
  const databasePort = await freePort();
  const router = await startRouterProcess({
    DATABASE_URL: "",
    EMBEDDED_DATABASE_PORT: String(databasePort),
    EMBEDDED_DATABASE_DIR: "memory://",
    ROUTER_SEED_POOL_URLS: "http://127.0.0.1:9",
    ROUTER_STATE_DIR: stateDir,
  });
  try {
    // Serving already: the embedded database takes seconds to start.
    assert.deepEqual(answerIds(await fetchFresh(`${router.url}/recommend/1`)), STATIC_FALLBACK);
    await waitFor(
      "the seeded rules",
      async () => JSON.parse((await fetchFresh(`${router.url}/healthz`)).text).rulesVersion === 1,
      60_000,
    );
    router.kill("SIGTERM");
    assert.equal((await router.exited).code, 0);
    assert.equal(await isPortOpen(databasePort), false);
  } finally {
    await router.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

Deno.test({
  name: "a router whose database and Kafka died under it stops on SIGTERM",
  ...integration,
}, async () => {
  const testDb = await createTestDatabase();
  const database = connectDatabase(testDb.url, { applicationName: "router-stop-test" });
  const target = new URL(testDb.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const kafka = await startMockKafkaCluster({ topic: "telemetry" });
  const worker = startFakeWorker({ body: "blue+2001" });
  const stateDir = tempDir();
  try {
    await writeRules(database.sql, poolRules([worker.url]), { actor: "test", source: "seed" });
    const router = await startRouterProcess({
      DATABASE_URL: urlVia(testDb.url, proxy.port),
      KAFKA_BROKERS: kafka.brokers.join(","),
      ROUTER_STATE_DIR: stateDir,
    });
    try {
      await waitFor(
        "the rules",
        async () => (await fetchFresh(`${router.url}/recommend/1`)).text === "blue+2001",
      );
      await waitFor(
        "telemetry to reach Kafka",
        async () =>
          /router_telemetry_sent_total [1-9]/.test(
            (await fetchFresh(`${router.metricsUrl}/metrics`)).text,
          ),
      );
      await kafka.stop();
      await proxy.cut();
      for (let user = 1; user <= 20; user++) {
        answerIds(await fetchFresh(`${router.url}/recommend/${user}`));
      }
      const signalled = performance.now();
      router.kill("SIGTERM");
      const status = await Promise.race([
        router.exited,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000)),
      ]);
      console.log(`  stopped ${(performance.now() - signalled).toFixed(0)} ms after SIGTERM`);
      assert.equal(status?.code, 0, "the router did not exit within 15 s of SIGTERM");
      assert.ok(router.lines.some((l) => l.message === "stopping"));
      assert.deepEqual(router.lines.filter((l) => l.message === "uncaught error"), []);
    } finally {
      await router.close();
    }
  } finally {
    await kafka.stop();
    await proxy.close();
    await database.close();
    await testDb.drop();
    await worker.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
