import { expect, test } from "bun:test";
import { STEP_BUDGET_SHARES, stepBudget } from "./error-budget.ts";
import { CanaryPolicy, defaultCanaryPolicy } from "../policy/canary-policy.ts";

test("the default release budget of 2.5 % is split over four steps and three families", () => {
  const budget = stepBudget(defaultCanaryPolicy());
  expect(budget.step).toBeCloseTo(0.00625, 12);
  expect(budget.guardrails).toBeCloseTo(0.0025, 12);
  expect(budget.quality).toBeCloseTo(0.0025, 12);
  expect(budget.sampleRatio).toBeCloseTo(0.00125, 12);
});

test("every test of every step together spends exactly the release's budget", () => {
  const policy = CanaryPolicy.parse({ falseRollbackAlpha: 0.04, steps: [{ percent: 10, minDurationMs: 0, requireQuality: true }, { percent: 100, minDurationMs: 0, requireQuality: false }] });
  const budget = stepBudget(policy);
  expect((budget.guardrails + budget.quality + budget.sampleRatio) * policy.steps.length).toBeCloseTo(0.04, 12);
  expect(STEP_BUDGET_SHARES.guardrails + STEP_BUDGET_SHARES.quality + STEP_BUDGET_SHARES.sampleRatio).toBeCloseTo(1, 12);
});
