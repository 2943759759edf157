import assert from "node:assert/strict";
import { authChecks } from "./testing/auth-checks.ts";

for (const check of authChecks()) {
  Deno.test(check.name, () => {
    assert.deepStrictEqual(check.run(), check.expected);
  });
}
