import assert from "node:assert/strict";
import { Hono } from "hono";
import { requestId } from "./request-id.ts";
import type { RouterEnv } from "./router-env.ts";

/** An app answering with the ids the middleware set; ids are r1, r2, … */
function appWithIds() {
  let next = 0;
  const app = new Hono<RouterEnv>();
  app.use(requestId(() => `r${++next}`));
  app.get("/", (c) => c.json({ requestId: c.get("requestId"), clientRequestId: c.get("clientRequestId") }));
  return app;
}

Deno.test("requestId() gives every request the router's own id, whatever id the caller sends", async () => {
  const app = appWithIds();
  const answers = [];
  for (const header of ["same", "same", undefined]) {
    const response = await app.request("/", { headers: header ? { "X-Request-Id": header } : {} });
    answers.push([response.headers.get("X-Request-Id"), await response.json()]);
  }
  assert.deepEqual(answers, [
    ["r1", { requestId: "r1", clientRequestId: "same" }],
    ["r2", { requestId: "r2", clientRequestId: "same" }],
    ["r3", { requestId: "r3", clientRequestId: null }],
  ]);
});

Deno.test("requestId() makes UUIDs by default", async () => {
  const app = new Hono<RouterEnv>();
  app.use(requestId());
  app.get("/", (c) => c.text(c.get("requestId")));
  const id = await (await app.request("/", { headers: { "X-Request-Id": "mine" } })).text();
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
