import { expect, test } from "bun:test";
import { authChecks } from "./testing/auth-checks.ts";

for (const check of authChecks()) {
  test(check.name, () => {
    expect(check.run()).toEqual(check.expected);
  });
}
