/**
 * A router over a real, fresh database for integration tests: rules written through the
 * store, a rules holder reading them back (LISTEN + polling, or polling only), and the app.
 */
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { readRules, writeRules } from "../../infra/rules/rules-store.ts";
import type { RuleSet } from "../../shared/rules/index.ts";
import { createTestDatabase } from "./test-database.ts";
import { createRouterApp } from "../../router/create-router-app.ts";
import { createForwarder } from "../../router/forward-to-pool.ts";
import { fetchUpstream } from "../../router/upstream/fetch-upstream.ts";
import { postgresRulesSource } from "../../router/postgres-rules-source.ts";
import { createRouterMetrics } from "../../router/router-metrics.ts";
import { createRulesHolder, type RulesHolder } from "../../router/rules-holder.ts";
import { createUpstreamHealth } from "../../router/upstream-health.ts";
import { captureLogger } from "../../router/testing/capture-logger.ts";
import { TEST_FALLBACK, TEST_TOKEN } from "../../router/testing/test-router-app.ts";

export type RulesFixture = {
  database: Database;
  holder: RulesHolder;
  app: ReturnType<typeof createRouterApp>;
  log: ReturnType<typeof captureLogger>;
  close(): Promise<void>;
};

/** Starts the fixture with `rules` stored; `url` reuses a database the caller owns. */
export async function startRulesFixture(
  rules: RuleSet,
  options: { listen?: boolean; pollMs?: number; url?: string } = {},
): Promise<RulesFixture> {
  const testDb = options.url ? null : await createTestDatabase();
  const database = connectDatabase(options.url ?? testDb!.url, { applicationName: "router-test" });
  await writeRules(database.sql, rules, { actor: "fixture", source: "seed" });
  const log = captureLogger();
  const holder = createRulesHolder({
    source: postgresRulesSource(database.sql),
    pollMs: options.pollMs ?? 250,
    log,
    listen: options.listen,
  });
  await holder.start();
  const health = createUpstreamHealth({ ejectAfterFailures: 3, ejectForMs: 5000 });
  const now = () => Date.now();
  const app = createRouterApp({
    rules: () => holder.current(),
    forward: createForwarder({ get: fetchUpstream(fetch), health, now }),
    fallback: () => ({ items: TEST_FALLBACK, source: "static" }),
    budgetMs: 300,
    now,
    metrics: createRouterMetrics(() => health.states(), now),
    log,
    admin: {
      token: TEST_TOKEN,
      store: {
        read: () => readRules(database.sql),
        write: (document, actor) => writeRules(database.sql, document, { actor, source: "api" }),
      },
    },
  });
  return {
    database,
    holder,
    app,
    log,
    async close() {
      await holder.stop();
      await database.close();
      await testDb?.drop();
    },
  };
}

/** Milliseconds until `check()` holds, polling every 2 ms; throws after `timeoutMs`. */
export async function msUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 3000,
): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now() - started;
}
