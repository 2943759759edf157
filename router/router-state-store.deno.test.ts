import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRouterStateStore } from "./router-state-store.ts";
import { captureLogger } from "./testing/capture-logger.ts";
import { routingRules } from "./testing/sample-rules.ts";

const DB = "127.0.0.1:5432/recommender";

function withDir(run: (dir: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "router-state-"));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

Deno.test(
  "read() finds nothing, and logs nothing, in a directory that does not exist yet",
  withDir((dir) => {
    const log = captureLogger();
    const store = createRouterStateStore({ dir: join(dir, "router"), database: DB, log });
    assert.deepEqual(store.read(), { rules: null, fallback: null });
    assert.deepEqual(log.lines, []);
  }),
);

Deno.test(
  "saveRules() and saveFallback() create the directory, and a later store reads them back",
  withDir(async (dir) => {
    const path = join(dir, "nested/router");
    const first = createRouterStateStore({ dir: path, database: DB, log: captureLogger() });
    await first.saveRules(routingRules(4));
    await first.saveFallback({ items: ["heat+1995"], source: "watch_sessions" });
    const next = createRouterStateStore({ dir: path, database: DB, log: captureLogger() });
    assert.deepEqual(next.read(), {
      rules: routingRules(4),
      fallback: { items: ["heat+1995"], source: "watch_sessions" },
    });
    // Renamed into place: no temporary file is left behind.
    assert.deepEqual(readdirSync(path).sort(), ["fallback.json", "rules.json"]);
  }),
);

Deno.test(
  "saveRules() called several times at once leaves the last rules",
  withDir(async (dir) => {
    const store = createRouterStateStore({ dir, database: DB, log: captureLogger() });
    const saves = [1, 2, 3, 4, 5].map((version) => store.saveRules(routingRules(version)));
    await Promise.all(saves);
    await store.settled();
    assert.equal(store.read().rules?.version, 5);
  }),
);

Deno.test(
  "read() ignores a corrupt file with one warning, and still reads the other",
  withDir(async (dir) => {
    const writer = createRouterStateStore({ dir, database: DB, log: captureLogger() });
    await writer.saveFallback({ items: ["heat+1995"], source: "watch_sessions" });
    writeFileSync(
      join(dir, "rules.json"),
      '{"format":1,"database":"127.0.0.1:5432/recommender","sav',
    );
    const log = captureLogger();
    const state = createRouterStateStore({ dir, database: DB, log }).read();
    assert.deepEqual(state, {
      rules: null,
      fallback: { items: ["heat+1995"], source: "watch_sessions" },
    });
    assert.deepEqual(log.lines.map((l) => [l.level, l.message, l.fields?.reason]), [
      ["warn", "ignored a corrupt router state file", "not JSON"],
    ]);
  }),
);

Deno.test(
  "read() ignores the state another database left, saying so",
  withDir(async (dir) => {
    await createRouterStateStore({ dir, database: "10.0.0.9:5432/other", log: captureLogger() })
      .saveRules(routingRules(9));
    const log = captureLogger();
    assert.equal(createRouterStateStore({ dir, database: DB, log }).read().rules, null);
    assert.deepEqual(log.lines.map((l) => [l.level, l.message, l.fields?.stateOf]), [
      ["info", "ignored the router state of another database", "10.0.0.9:5432/other"],
    ]);
  }),
);

Deno.test(
  "saveRules() into a path it cannot write warns once per outage and never throws",
  withDir(async (dir) => {
    writeFileSync(join(dir, "not-a-directory"), "");
    const log = captureLogger();
    const store = createRouterStateStore({ dir: join(dir, "not-a-directory"), database: DB, log });
    await store.saveRules(routingRules(1));
    await store.saveRules(routingRules(2));
    assert.deepEqual(log.lines.map((l) => [l.level, l.message]), [[
      "warn",
      "cannot write the router state",
    ]]);
    assert.equal(readFileSync(join(dir, "not-a-directory"), "utf8"), "");
  }),
);
