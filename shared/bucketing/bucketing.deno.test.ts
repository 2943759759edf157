import assert from "node:assert/strict";
import { bucketingChecks } from "./testing/bucketing-checks.ts";

for (const check of bucketingChecks()) {
  Deno.test(check.name, () => {
    assert.deepStrictEqual(check.run(), check.expected);
  });
}
