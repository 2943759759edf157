import assert from "node:assert/strict";
import postgres from "postgres";
import { startEmbeddedDatabase } from "../infra/db/embedded-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { freePort } from "../tests/support/free-port.ts";
import { startFakeWorker } from "./testing/fake-worker.ts";
import { msUntil, startRulesFixture } from "../tests/support/router-rules-fixture.ts";
import { poolRules } from "./testing/sample-rules.ts";
import { TEST_TOKEN } from "./testing/test-router-app.ts";

const integration = { sanitizeOps: false, sanitizeResources: false };
const rules = poolRules(["http://127.0.0.1:9"]);
/**
 * Each test prints how fast the change applied (well under a second on a quiet machine,
 * the figure the README quotes). The bound is looser, so a machine busy with the rest
 * of the suite does not fail it, and still far below a router that waits for a restart.
 */
const PROPAGATION_BOUND_MS = 2500;

/** An operator's own session, as psql would be; resolves to when the edit was sent. */
async function asOperator(
  url: string,
  edit: (sql: postgres.Sql) => Promise<unknown>,
): Promise<number> {
  const sql = postgres(url, {
    max: 1,
    prepare: false,
    onnotice: () => {},
    connection: { application_name: "psql" },
  });
  try {
    await sql`select 1`; // connected, so the figure measures propagation, not connecting
    const sent = performance.now();
    await edit(sql);
    return sent;
  } finally {
    await sql.end();
  }
}

Deno.test({ name: "a rules change by SQL takes effect in the running router (LISTEN/NOTIFY and polling)", ...integration }, async () => {
  const fixture = await startRulesFixture(rules);
  try {
    const sent = await asOperator(
      fixture.database.url,
      (sql) => sql`update rules_pools set model_version = 'als-sql'`,
    );
    await msUntil(() => fixture.holder.current()?.pools.stable.modelVersion === "als-sql");
    const ms = performance.now() - sent;
    console.log(
      `  SQL edit applied ${ms.toFixed(1)} ms after it was sent (LISTEN/NOTIFY + polling)`,
    );
    assert.ok(ms < PROPAGATION_BOUND_MS, `applied after ${ms.toFixed(0)} ms`);
  } finally {
    await fixture.close();
  }
});

Deno.test({
  name: "a rules change by SQL takes effect in the running router by polling alone",
  ...integration,
}, async () => {
  const fixture = await startRulesFixture(rules, { listen: false });
  try {
    const sent = await asOperator(
      fixture.database.url,
      (sql) => sql`update rules_pools set model_version = 'als-poll'`,
    );
    await msUntil(() => fixture.holder.current()?.pools.stable.modelVersion === "als-poll");
    const ms = performance.now() - sent;
    console.log(`  SQL edit applied ${ms.toFixed(1)} ms after it was sent (polling every 250 ms)`);
    assert.ok(ms < PROPAGATION_BOUND_MS, `applied after ${ms.toFixed(0)} ms`);
  } finally {
    await fixture.close();
  }
});

Deno.test(
  { name: "PUT /admin/rules moves traffic to another pool in the running router", ...integration },
  async () => {
    const [blue, green] = [
      startFakeWorker({ body: "blue+2001" }),
      startFakeWorker({ body: "green+2002" }),
    ];
    const fixture = await startRulesFixture(poolRules([blue.url]));
    try {
      assert.equal(await (await fixture.app.request("/recommend/7")).text(), "blue+2001");
      const body = JSON.stringify(poolRules([green.url], { version: 0 }));
      const headers = { Authorization: `Bearer ${TEST_TOKEN}`, "X-Actor": "alice" };
      const response = await fixture.app.request("/admin/rules", { method: "PUT", body, headers });
      assert.equal(response.status, 200);
      const result = await response.json();
      assert.equal(result.version, 2);
      assert.equal(result.diff[0].detail, `pool "stable" urls: ["${blue.url}"] → ["${green.url}"]`);
      const answer = async () => await (await fixture.app.request("/recommend/7")).text();
      const ms = await msUntil(async () => await answer() === "green+2002");
      console.log(`  PUT applied to traffic after ${ms.toFixed(1)} ms`);
      assert.ok(ms < PROPAGATION_BOUND_MS, `applied after ${ms.toFixed(0)} ms`);
    } finally {
      await fixture.close();
      await blue.close();
      await green.close();
    }
  },
);

Deno.test(
  { name: "an invalid SQL edit leaves the last good rules in force", ...integration },
  async () => {
    const fixture = await startRulesFixture(rules);
    try {
      await asOperator(
        fixture.database.url,
        (sql) => sql`update rules_pools set urls = array['ftp://nope']`,
      );
      await msUntil(() =>
        fixture.log.lines.some((l) =>
          l.message === "refused invalid rules: keeping the rules in force"
        )
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(fixture.holder.current()?.version, 1);
      assert.deepEqual(fixture.holder.current()?.pools.stable.urls, ["http://127.0.0.1:9"]);
      assert.equal((await fixture.app.request("/recommend/7")).status, 200);
    } finally {
      await fixture.close();
    }
  },
);

Deno.test({
  name: "API and SQL edits are audited with who, how and the resulting document",
  ...integration,
}, async () => {
  const fixture = await startRulesFixture(rules);
  try {
    const body = JSON.stringify(poolRules(["http://127.0.0.1:10"]));
    const headers = { Authorization: `Bearer ${TEST_TOKEN}`, "X-Actor": "alice" };
    assert.equal(
      (await fixture.app.request("/admin/rules", { method: "PUT", body, headers })).status,
      200,
    );
    await asOperator(
      fixture.database.url,
      (sql) => sql`update rules_pools set model_version = 'als-sql'`,
    );
    const rows = await fixture.database.sql<
      { version: string; actor: string; source: string; change: string; document: string }[]
    >`
      select version::text, actor, source, change::text, document::text from rules_audit order by id`;
    assert.deepEqual(rows.map((r) => [r.version, r.source]), [["1", "seed"], ["2", "api"], [
      "3",
      "sql",
    ]]);
    assert.equal(rows[1].actor, "admin-api:alice");
    assert.match(JSON.parse(rows[1].change).diff[0].detail, /^pool "stable" urls: /);
    assert.match(rows[2].actor, /^postgres( \(psql\))?$/);
    assert.equal(
      JSON.parse(rows[2].change).statements[0].query,
      "update rules_pools set model_version = 'als-sql'",
    );
    assert.equal(JSON.parse(rows[2].document).pools.stable.modelVersion, "als-sql");
  } finally {
    await fixture.close();
  }
});

Deno.test({
  name:
    "on the embedded database, where NOTIFY does not arrive, polling applies a SQL edit",
  ...integration,
}, async () => {
  const server = await startEmbeddedDatabase({ port: await freePort(), dir: "memory://" });
  try {
    await migrateDatabase(server.url);
    const fixture = await startRulesFixture(rules, { url: server.url });
    try {
      const sent = await asOperator(
        server.url,
        (sql) => sql`update rules_pools set model_version = 'als-embedded'`,
      );
      await msUntil(() => fixture.holder.current()?.pools.stable.modelVersion === "als-embedded");
      const ms = performance.now() - sent;
      console.log(
        `  SQL edit applied ${ms.toFixed(1)} ms after it was sent on the embedded database`,
      );
      assert.ok(ms < PROPAGATION_BOUND_MS, `applied after ${ms.toFixed(0)} ms`);
    } finally {
      await fixture.close();
    }
  } finally {
    await server.stop();
  }
});
