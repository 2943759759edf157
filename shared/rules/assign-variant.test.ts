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

// 4.5 σ: a correct layout fails by chance about once in 150,000 checks; ids are fixed, so never flaky.
const SIGMAS = 4.5;

/** Variants (and "none") whose user count is more than SIGMAS binomial σ from USERS × p, with their z. */
function outOfBounds(experiment: Experiment): string[] {
  const share = experiment.namespace ? experiment.namespace[2] - experiment.namespace[1] : 1;
  const expected: Record<string, number> = { none: 1 - share * experiment.coverage };
  for (const v of experiment.variants) expected[v.key] = share * experiment.coverage * v.weight;
  const observed = shares(experiment);
  return Object.entries(expected).flatMap(([key, p]) => {
    const deviation = (observed[key] - p) * USERS;
    const sigma = Math.sqrt(USERS * p * (1 - p));
    // p of 0 or 1 has no spread: the count must be exact.
    const z = sigma === 0 ? (deviation === 0 ? 0 : Infinity) : deviation / sigma;
    return Math.abs(z) < SIGMAS ? [] : [`${experiment.key}/${key}: z = ${z.toFixed(2)}`];
  });
}

test("assignVariant() gives each variant namespace × coverage × weight of users, within 4.5 binomial σ", () => {
  const threeWay: Experiment = {
    key: "three-way",
    seed: "three-way-2024",
    coverage: 0.3,
    status: "running",
    namespace: ["search", 0.25, 0.75],
    variants: [{ key: "a", weight: 0.2 }, { key: "b", weight: 0.3 }, { key: "c", weight: 0.5 }],
  };
  const everyone: Experiment = { ...threeWay, key: "everyone", namespace: undefined, coverage: 1 };
  expect([canary, threeWay, everyone].flatMap(outOfBounds)).toEqual([]);
});
