import { expect, test } from "bun:test";
import { INTERLEAVED_STEP_BUDGET_SHARES, STEP_BUDGET_SHARES, stepBudget } from "./error-budget.ts";
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

test("stepBudget() gives no share to a preference test the policy does not run", () => {
  expect(stepBudget(defaultCanaryPolicy()).preference).toBe(0);
});

test("with interleaving alongside, the preference test takes half of quality's share and the step still spends its part exactly", () => {
  const budget = stepBudget(CanaryPolicy.parse({ interleave: { share: 0.5, mode: "alongside" } }));
  expect(budget.guardrails).toBeCloseTo(0.0025, 12);
  expect(budget.quality).toBeCloseTo(0.00125, 12);
  expect(budget.preference).toBeCloseTo(0.00125, 12);
  expect(budget.sampleRatio).toBeCloseTo(0.00125, 12);
  expect(budget.guardrails + budget.quality + budget.preference + budget.sampleRatio).toBeCloseTo(budget.step, 12);
});

test("with interleaving instead of the conversion comparison, the preference test takes all of quality's share", () => {
  const budget = stepBudget(CanaryPolicy.parse({ interleave: { share: 0.5, mode: "instead" } }));
  expect(budget.quality).toBe(0);
  expect(budget.preference).toBeCloseTo(0.0025, 12);
  for (const shares of Object.values(INTERLEAVED_STEP_BUDGET_SHARES)) {
    expect(shares.guardrails + shares.quality + shares.preference + shares.sampleRatio).toBeCloseTo(1, 12);
  }
});
