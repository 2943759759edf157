/**
 * Two router processes on one port over one database, as `npm start` runs them: both
 * answer, both apply a rules change, their request ids never collide, and a SIGKILL of
 * one leaves the other answering every new connection.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { writeRules } from "../infra/rules/rules-store.ts";
import { freePort } from "../tests/support/free-port.ts";
import { createTestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { startFakeWorker } from "./testing/fake-worker.ts";
import {
  fetchFresh,
  startRouterProcess,
  metricValue,
  type RouterProcess,
} from "./testing/router-process.ts";
import { poolRules } from "./testing/sample-rules.ts";

const integration = { sanitizeOps: false, sanitizeResources: false };

const REQUESTS = 60;

const scrape = async (router: RouterProcess, name: string) =>
  metricValue((await fetchFresh(`${router.metricsUrl}/metrics`)).text, name);

Deno.test({
  name:
    "two routers share one port: both answer and apply a rules change, ids stay unique, and one survives the other's SIGKILL",
  ...integration,
}, async () => {
  const testDb = await createTestDatabase();
  const database = connectDatabase(testDb.url, { applicationName: "two-routers-test" });
  const [blue, green] = [
    startFakeWorker({ body: "blue+2001" }),
    startFakeWorker({ body: "green+2002" }),
  ];
  const stateDir = mkdtempSync(join(tmpdir(), "router-state-"));
  const routers: RouterProcess[] = [];
  try {
    await writeRules(database.sql, poolRules([blue.url]), { actor: "test", source: "seed" });
    const port = await freePort();
    // One state directory for both, as `npm start` gives them.
    const env = { DATABASE_URL: testDb.url, ROUTER_STATE_DIR: stateDir };
    routers.push(await startRouterProcess(env, port), await startRouterProcess(env, port));
    const [first, second] = routers;
    for (const router of routers) {
      await waitFor(
        `rules version 1 on router ${router.pid}`,
        async () => await scrape(router, "router_rules_version") === 1,
      );
    }

    const ids = new Set<string>();
    for (let i = 0; i < REQUESTS; i++) {
      const answer = await fetchFresh(`${first.url}/recommend/${i}`);
      assert.deepEqual([answer.status, answer.text], [200, "blue+2001"]);
      ids.add(answer.headers.get("x-request-id") ?? "");
    }
    assert.equal(ids.size, REQUESTS);
    const served = [
      await scrape(first, "router_requests_total"),
      await scrape(second, "router_requests_total"),
    ];
    assert.equal(served[0] + served[1], REQUESTS);
    assert.ok(served[0] > 0 && served[1] > 0, `both routers answer on the shared port: ${served}`);

    const changed = performance.now();
    await writeRules(database.sql, poolRules([green.url], { version: 0 }), {
      actor: "test",
      source: "api",
    });
    for (const router of routers) {
      await waitFor(
        `rules version 2 on router ${router.pid}`,
        async () => await scrape(router, "router_rules_version") === 2,
        10_000,
        10,
      );
    }
    console.log(
      `  both routers applied the change ${
        (performance.now() - changed).toFixed(0)
      } ms after it was written`,
    );

    first.kill("SIGKILL");
    await first.exited;
    for (let i = 0; i < REQUESTS; i++) {
      const answer = await fetchFresh(`${second.url}/recommend/${i}`);
      assert.deepEqual([answer.status, answer.text], [200, "green+2002"]);
    }
    assert.equal(await scrape(second, "router_requests_total") - served[1], REQUESTS);
  } finally {
    for (const router of routers) await router.close();
    await database.close();
    await testDb.drop();
    await blue.close();
    await green.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
