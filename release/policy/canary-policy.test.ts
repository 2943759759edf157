import { expect, test } from "bun:test";
import { CanaryPolicy, defaultCanaryPolicy, stepDeadlineMs } from "./canary-policy.ts";

test("defaultCanaryPolicy() steps 5→20→50→100% and extends an inconclusive step five times before rolling back", () => {
  const policy = defaultCanaryPolicy();
  expect(policy.steps.map((s) => s.percent)).toEqual([5, 20, 50, 100]);
  expect(policy.onInconclusive).toBe("extend");
  expect(stepDeadlineMs(policy)).toBe(6 * policy.maxStepDurationMs);
  expect(stepDeadlineMs(CanaryPolicy.parse({ onInconclusive: "rollback" }))).toBe(policy.maxStepDurationMs);
  expect(policy.quality.minimumHarm).toBe(0.1);
  expect(policy.falseRollbackAlpha).toBe(0.025);
});

test("CanaryPolicy still parses older files' per-step alphas and quality.minUsersToFail, and ignores them", () => {
  const older = CanaryPolicy.parse({ guardrails: { alpha: 0.01 }, quality: { minUsersToFail: 30 } });
  expect(older.falseRollbackAlpha).toBe(0.025);
  expect(older.quality.minUsersPerArm).toBe(300);
  expect(CanaryPolicy.safeParse({ quality: { minUsersToFail: "many" } }).success).toBe(false);
});

test("CanaryPolicy rejects steps that do not increase, naming the field", () => {
  const result = CanaryPolicy.safeParse({
    steps: [{ percent: 20, minDurationMs: 0, requireQuality: false }, { percent: 5, minDurationMs: 0, requireQuality: true }],
  });
  expect(result.success).toBe(false);
  expect(result.error?.issues[0].path).toEqual(["steps"]);
});

test("CanaryPolicy keeps nested defaults when one nested field is given", () => {
  const policy = CanaryPolicy.parse({ quality: { alpha: 0.1 } });
  expect(policy.quality.alpha).toBe(0.1);
  expect(policy.quality.metrics).toEqual(["conversion"]);
});

test("CanaryPolicy leaves interleaving off by default and validates it when given", () => {
  expect(defaultCanaryPolicy().interleave).toBeUndefined();
  expect(CanaryPolicy.parse({ interleave: { share: 0.5, mode: "alongside" } }).interleave).toEqual({ share: 0.5, mode: "alongside", plannedUsers: 1_000, margin: 0.05 });
  expect(CanaryPolicy.parse({ interleave: { share: 0.9, mode: "instead", margin: 0.1 } }).interleave?.margin).toBe(0.1);
  for (
    const interleave of [
      { share: 0, mode: "instead" }, { share: 1.5, mode: "instead" }, { share: 0.5, mode: "sometimes" }, { share: 0.5 },
      { share: 0.5, mode: "instead", margin: 0 }, { share: 0.5, mode: "instead", margin: 0.5 },
    ]
  ) {
    expect(CanaryPolicy.safeParse({ interleave }).success).toBe(false);
  }
});

test("CanaryPolicy refuses to interleave every canary user, in either mode, naming the field and why", () => {
  for (const mode of ["alongside", "instead"]) {
    const result = CanaryPolicy.safeParse({ interleave: { share: 1, mode } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["interleave", "share"]);
    expect(result.error?.issues[0].message).toContain("latency guardrails");
  }
});
