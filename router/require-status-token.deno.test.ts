import assert from "node:assert/strict";
import { Hono } from "hono";
import { errorHandler, notFoundHandler } from "./error-response.ts";
import { requestId } from "./request-id.ts";
import { hasStatusToken, requireStatusToken, STATUS_PATHS } from "./require-status-token.ts";
import type { RouterEnv } from "./router-env.ts";
import { captureLogger } from "./testing/capture-logger.ts";
import { createRouterApp } from "./create-router-app.ts";
import { createForwarder } from "./forward-to-pool.ts";
import { createRouterMetrics } from "./router-metrics.ts";
import { poolRules } from "./testing/sample-rules.ts";
import { TEST_FALLBACK } from "./testing/test-router-app.ts";
import { createUpstreamHealth } from "./upstream-health.ts";

const TOKEN = "status-token-0123456789abcdef";

/** The check in front of stand-ins for the status routes, with the router's error handling. */
function guardedApp(token: string | undefined) {
  const app = new Hono<RouterEnv>();
  app.use(requestId(() => "req-1"));
  app.use(STATUS_PATHS, requireStatusToken(token));
  app.get("/status", (c) => c.html("<p>page</p>"));
  app.get("/status.json", (c) => c.json({ version: 1 }));
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.onError(errorHandler(captureLogger()));
  app.notFound(notFoundHandler);
  return app;
}

Deno.test("requireStatusToken() refuses /status and /status.json without the token, with one line that names nothing", async () => {
  const app = guardedApp(TOKEN);
  for (const path of ["/status", "/status.json"]) {
    const response = await app.request(path);
    assert.equal(response.status, 401);
    assert.equal(response.headers.get("WWW-Authenticate"), 'Bearer realm="status"');
    assert.equal(await response.text(), "the status page needs its token (request req-1)");
  }
});

Deno.test("requireStatusToken() answers a wrong token exactly as a missing one", async () => {
  const app = guardedApp(TOKEN);
  const missing = await app.request("/status.json");
  const wrongHeader = await app.request("/status.json", {
    headers: { Authorization: "Bearer status-token-0123456789abcdeX" },
  });
  const wrongQuery = await app.request("/status.json?token=status-token-0123456789abcde");
  const otherScheme = await app.request("/status.json", { headers: { Authorization: `Basic ${TOKEN}` } });
  const expected = { status: 401, body: await missing.text() };
  for (const response of [wrongHeader, wrongQuery, otherScheme]) {
    assert.deepEqual({ status: response.status, body: await response.text() }, expected);
  }
});

Deno.test("requireStatusToken() lets the token in as a bearer header in any scheme case, or as ?token=", async () => {
  const app = guardedApp(TOKEN);
  const asHeader = await app.request("/status.json", { headers: { Authorization: `bEaReR ${TOKEN}` } });
  assert.equal(asHeader.status, 200);
  assert.deepEqual(await asHeader.json(), { version: 1 });
  const asQuery = await app.request(`/status?token=${TOKEN}`);
  assert.equal(asQuery.status, 200);
  assert.equal(await asQuery.text(), "<p>page</p>");
  assert.equal(asQuery.headers.get("Referrer-Policy"), "no-referrer");
  // Either one suffices: a stale bookmark does not spoil a good header.
  const both = await app.request("/status?token=stale-token-0123456789", {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(both.status, 200);
});

Deno.test("requireStatusToken() guards every path under the prefix, and nothing outside it", async () => {
  const app = guardedApp(TOKEN);
  // A route added under /status later is covered without being listed.
  assert.equal((await app.request("/status/sections")).status, 401);
  assert.equal((await app.request("/status/")).status, 401);
  assert.equal((await app.request("/healthz")).status, 200);
});

Deno.test("requireStatusToken() leaves the page open when no token is configured", async () => {
  const app = guardedApp(undefined);
  const response = await app.request("/status.json");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("WWW-Authenticate"), null);
});

Deno.test("hasStatusToken() takes neither a token with a space nor an empty query", () => {
  assert.equal(hasStatusToken(undefined, `${TOKEN} x`, TOKEN), false);
  assert.equal(hasStatusToken(undefined, "", TOKEN), false);
  assert.equal(hasStatusToken(undefined, undefined, TOKEN), false);
  assert.equal(hasStatusToken(undefined, TOKEN, TOKEN), true);
  assert.equal(hasStatusToken(`Bearer ${TOKEN}`, undefined, TOKEN), true);
});

Deno.test("createRouterApp() puts the status paths behind STATUS_TOKEN and leaves /recommend, /healthz and /metrics open", async () => {
  const health = createUpstreamHealth({ ejectAfterFailures: 3, ejectForMs: 5000 });
  const now = () => 0;
  const app = createRouterApp({
    rules: () => poolRules(["http://127.0.0.1:9"]),
    // Workers never answer: /recommend takes the fallback without touching the network.
    forward: createForwarder({ get: () => Promise.reject(new Error("no worker")), health, now }),
    fallback: () => ({ items: TEST_FALLBACK, source: "static" }),
    budgetMs: 50,
    now,
    metrics: createRouterMetrics(() => health.states(), now),
    log: captureLogger(),
    admin: { token: undefined, store: { read: () => Promise.resolve(null), write: () => Promise.reject() } },
    statusToken: TOKEN,
  });
  assert.equal((await app.request("/status")).status, 401);
  assert.equal((await app.request("/status.json")).status, 401);
  assert.equal((await app.request("/healthz")).status, 200);
  assert.equal((await app.request("/metrics")).status, 200);
  assert.equal((await app.request("/recommend/7")).status, 200);
});
