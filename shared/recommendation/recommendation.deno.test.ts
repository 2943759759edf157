import assert from "node:assert/strict";
import { recommendationChecks } from "./testing/recommendation-checks.ts";

for (const check of recommendationChecks()) {
  Deno.test(check.name, () => {
    assert.deepStrictEqual(check.run(), check.expected);
  });
}
