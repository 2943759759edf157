import { expect, test } from "bun:test";
import { rulesChecks } from "./testing/rules-checks.ts";

for (const check of rulesChecks()) {
  test(check.name, () => {
    expect(check.run()).toEqual(check.expected);
  });
}
