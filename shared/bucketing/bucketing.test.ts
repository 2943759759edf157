import { expect, test } from "bun:test";
import { BUCKETING_VERSION } from "./index.ts";
import { bucketingChecks } from "./testing/bucketing-checks.ts";

for (const check of bucketingChecks()) {
  test(check.name, () => {
    expect(check.run()).toEqual(check.expected);
  });
}

test("BUCKETING_VERSION names the algorithm the cases pin", () => {
  expect(BUCKETING_VERSION).toBe("growthbook-fnv1a-1");
});
