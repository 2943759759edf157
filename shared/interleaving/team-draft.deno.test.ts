import assert from "node:assert/strict";
import { teamDraftChecks } from "./testing/team-draft-checks.ts";

for (const check of teamDraftChecks()) {
  Deno.test(check.name, () => {
    assert.deepStrictEqual(check.run(), check.expected);
  });
}
