import { expect, test } from "bun:test";
import { assignVariant } from "./assign-variant.ts";
import type { Experiment } from "./experiment.ts";

const USERS = 20_000;

function shares(experiment: Experiment): Record<string, number> {
  const counts: Record<string, number> = { none: 0 };
  for (const v of experiment.variants) counts[v.key] = 0;
  for (let userId = 0; userId < USERS; userId++) {
    counts[assignVariant(experiment, userId)?.key ?? "none"] += 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n / USERS]));
}

const canary: Experiment = {
  key: "canary",
  seed: "canary-2024-05-08",
  coverage: 0.5,
  status: "running",
  namespace: ["home", 0, 0.8],
  variants: [{ key: "control", weight: 0.9 }, { key: "canary", weight: 0.1 }],
};

// Deterministic inputs, so the tolerance guards the layout (namespace × coverage × weight), not luck.
test("assignVariant() splits users by namespace share × coverage × weight", () => {
  const s = shares(canary);
  expect(Math.abs(s.control - 0.8 * 0.5 * 0.9)).toBeLessThan(0.01);
  expect(Math.abs(s.canary - 0.8 * 0.5 * 0.1)).toBeLessThan(0.01);
  expect(Math.abs(s.none - (1 - 0.8 * 0.5))).toBeLessThan(0.01);
});

test("assignVariant() keeps every enrolled user's variant when coverage grows", () => {
  const wider = { ...canary, coverage: 1 };
  for (let userId = 0; userId < 2_000; userId++) {
    const before = assignVariant(canary, userId);
    if (before) expect(assignVariant(wider, userId)?.key).toBe(before.key);
  }
});

test("assignVariant() assigns nobody in a stopped experiment", () => {
  expect(shares({ ...canary, status: "stopped" }).none).toBe(1);
});
