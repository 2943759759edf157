import assert from "node:assert/strict";
import { checkBearer } from "./check-bearer.ts";

const TOKEN = "s3cret-token-0123456789";

Deno.test("checkBearer() accepts exactly `Bearer <token>`", () => {
  assert.equal(checkBearer(`Bearer ${TOKEN}`, TOKEN), true);
  assert.equal(checkBearer(`bearer ${TOKEN}`, TOKEN), true);
});

Deno.test("checkBearer() refuses a missing, wrong, shorter or unprefixed token", () => {
  for (
    const header of [
      undefined,
      "",
      "Bearer",
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      TOKEN,
      `Basic ${TOKEN}`,
    ]
  ) {
    assert.equal(checkBearer(header, TOKEN), false, String(header));
  }
});
