import assert from "node:assert/strict";
import { poolRules } from "./testing/sample-rules.ts";
import { TEST_TOKEN, testRouterApp } from "./testing/test-router-app.ts";

const auth = { Authorization: `Bearer ${TEST_TOKEN}` };
const put = (body: string, headers: Record<string, string> = auth) => ({
  method: "PUT",
  body,
  headers: { "Content-Type": "application/json", ...headers },
});

Deno.test("GET /admin/rules answers the stored document to the token holder", async () => {
  const { app } = testRouterApp({ rules: poolRules(["http://w:1"]) });
  const response = await app.request("/admin/rules", { headers: auth });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), poolRules(["http://w:1"]));
});

Deno.test("/admin/rules answers 401 without the right bearer token", async () => {
  const { app } = testRouterApp({ rules: poolRules(["http://w:1"]) });
  const attempts: Record<string, string>[] = [{}, { Authorization: "Bearer wrong" }, {
    Authorization: TEST_TOKEN,
  }];
  for (const headers of attempts) {
    const response = await app.request("/admin/rules", { headers });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      error: "missing or wrong bearer token",
      requestId: "req-1",
    });
  }
  assert.equal((await app.request("/admin/rules", put("{}", {}))).status, 401);
});

Deno.test("PUT /admin/rules answers 400 for a body that is not JSON", async () => {
  const { app, written } = testRouterApp({ rules: null });
  const response = await app.request("/admin/rules", put("{ nope"));
  assert.equal(response.status, 400);
  assert.match((await response.json()).error, /^body is not JSON: /);
  assert.equal(written.length, 0);
});

Deno.test("PUT /admin/rules answers 422 with every reason for an invalid document", async () => {
  const { app, written } = testRouterApp({ rules: null });
  const document = {
    ...poolRules(["http://w:1"]),
    defaultPool: "nowhere",
    routes: [{ name: "r", match: {}, pool: "x" }],
  };
  const response = await app.request("/admin/rules", put(JSON.stringify(document)));
  assert.equal(response.status, 422);
  assert.deepEqual(await response.json(), {
    error: "invalid rules document",
    details: [
      'defaultPool: pool "nowhere" is not in pools ("stable")',
      'routes.0.pool: route "r": pool "x" is not in pools ("stable")',
    ],
    requestId: "req-1",
  });
  assert.equal(written.length, 0);
});

Deno.test("PUT /admin/rules writes a valid document without a version and answers the store's result", async () => {
  const { app, written } = testRouterApp({ rules: poolRules(["http://w:1"]) });
  const { version: _, ...document } = poolRules(["http://w:2"]);
  const response = await app.request(
    "/admin/rules",
    put(JSON.stringify(document), { ...auth, "X-Actor": "alice" }),
  );
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { version: 2, diff: [], changed: true });
  assert.equal(written[0].actor, "admin-api:alice");
  assert.deepEqual(written[0].rules.pools.stable.urls, ["http://w:2"]);
});
