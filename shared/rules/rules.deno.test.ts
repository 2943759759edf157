import assert from "node:assert/strict";
import { rulesChecks } from "./testing/rules-checks.ts";

for (const check of rulesChecks()) {
  Deno.test(check.name, () => {
    assert.deepStrictEqual(check.run(), check.expected);
  });
}
