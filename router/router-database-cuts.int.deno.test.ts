/**
 * A running router through database cuts at seeded moments: in the middle of its rules
 * poll's queries, while a new connection fetches its types, or at any instant. Before
 * patches/postgres@3.4.9.patch a cut during the type fetch ended the router with an
 * unhandled rejection; the two routers of `npm start` share one database, so one blip
 * could take both down together. The router must stay up, answer from its pool
 * throughout, and log no error.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { writeRules } from "../infra/rules/rules-store.ts";
import { mulberry32 } from "../shared/random/mulberry32.ts";
import { startTcpProxy } from "../tests/support/tcp-proxy.ts";
import { createTestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { startFakeWorker } from "./testing/fake-worker.ts";
import { startRouterProcess } from "./testing/router-process.ts";
import { poolRules } from "./testing/sample-rules.ts";

const CUTS = 8;
const SEED = 7;
/** The bytes a cut waits for: a query of the rules poll, a new connection's type query; null: any instant. */
const MOMENTS = ["select", "typarray", null] as const;
/** A cut waiting for bytes that do not come happens anyway after this. */
const LONGEST_WAIT_FOR_MOMENT_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test({
  name: `a router rides out ${CUTS} database cuts at seeded moments, answering throughout and logging no error`,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const random = mulberry32(SEED);
  const testDb = await createTestDatabase();
  const database = connectDatabase(testDb.url, { applicationName: "router-cuts-test" });
  const target = new URL(testDb.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const worker = startFakeWorker({ body: "blue+2001" });
  const stateDir = mkdtempSync(join(tmpdir(), "router-cuts-"));
  try {
    await writeRules(database.sql, poolRules([worker.url]), { actor: "test", source: "seed" });
    const viaProxy = new URL(testDb.url);
    viaProxy.port = String(proxy.port);
    const router = await startRouterProcess({ DATABASE_URL: viaProxy.toString(), ROUTER_STATE_DIR: stateDir });
    let exitedEarly = false;
    void router.exited.then(() => (exitedEarly = true));
    try {
      // Until it has read the rules, it answers with the static fallback list.
      await waitFor("the router to forward to its pool", async () => (await (await fetch(`${router.url}/recommend/1`)).text()) === "blue+2001");
      const answers: string[] = [];
      for (let i = 0; i < CUTS && !exitedEarly; i++) {
        const moment = MOMENTS[Math.floor(random() * MOMENTS.length)];
        const upMs = 200 + random() * 800;
        const downMs = 200 + random() * 1300;
        // A new connection's type query comes right after the restore before: armed at once.
        if (moment !== "typarray") await sleep(upMs);
        if (moment === null) await proxy.cut();
        else await proxy.cutOnClientBytes(moment, LONGEST_WAIT_FOR_MOMENT_MS);
        answers.push(await fetch(`${router.url}/recommend/1`).then((r) => r.text(), (e) => `failed: ${e}`));
        await sleep(downMs);
        await proxy.restore();
        answers.push(await fetch(`${router.url}/recommend/1`).then((r) => r.text(), (e) => `failed: ${e}`));
      }
      await sleep(1000); // the poll after the last restore
      assert.equal(exitedEarly, false, `the router exited: ${JSON.stringify(router.lines.slice(-5))}`);
      assert.deepEqual(answers, Array(2 * CUTS).fill("blue+2001"));
      assert.deepEqual(router.lines.filter((l) => l.level === "error"), []);
    } finally {
      await router.close();
    }
  } finally {
    await proxy.close();
    await database.close();
    await testDb.drop();
    await worker.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
