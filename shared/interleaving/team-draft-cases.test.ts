import { expect, test } from "bun:test";
import { teamDraftChecks } from "./testing/team-draft-checks.ts";

for (const check of teamDraftChecks()) {
  test(check.name, () => {
    expect(check.run()).toEqual(check.expected);
  });
}
