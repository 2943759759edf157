import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { defaultCanaryPolicy } from "../../release/policy/canary-policy.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../../shared/telemetry/conversion-window.ts";
import { CANARY_SCENARIOS, scenarioPolicy } from "./canary-scenarios.ts";
import { releaseSimulator } from "./run-release.ts";
import { activityWeights } from "./traffic/activity-weights.ts";
import { aliasTable } from "./traffic/alias-table.ts";

function simulatorOf(name: string) {
  const scenario = CANARY_SCENARIOS.find((s) => s.name === name)!;
  return releaseSimulator({
    policy: scenarioPolicy(scenario),
    scenario,
    activity: aliasTable(activityWeights(scenario.traffic.users, scenario.traffic.activity, mulberry32(1))),
    conversionWindowMs: DEFAULT_CONVERSION_WINDOW_MS,
  });
}

test("releaseSimulator() rolls a canary that fails half its requests back at the first step, the same way for the same seed", () => {
  const run = simulatorOf("ab_broken_half");
  const first = run(7);
  expect(first.rolledBack).toBe(true);
  expect(first.step).toBe(0);
  // 40 requests a second, 5% to the canary: about 120 canary requests a minute.
  expect(first.canaryRequests).toBeGreaterThan(20);
  expect(first.canaryRequests).toBeLessThan(1_000);
  expect(run(7)).toEqual(first);
});

test("releaseSimulator() rolls a canary whose lists convert 15% less back on the interleaved users' preference for stable", () => {
  const run = simulatorOf("ab_interleave_drop_15");
  const result = run(7);
  expect(result).toMatchObject({ rolledBack: true, failedCheck: "preference" });
  expect(run(7)).toEqual(result);
});

test("scenarioPolicy() is the default policy, with the scenario's interleaving when it has one", () => {
  const plain = CANARY_SCENARIOS.find((s) => s.name === "aa_bursty")!;
  const interleaved = CANARY_SCENARIOS.find((s) => s.name === "aa_interleave_instead")!;
  expect(scenarioPolicy(plain)).toEqual(defaultCanaryPolicy());
  expect(scenarioPolicy(interleaved)).toEqual({ ...defaultCanaryPolicy(), interleave: interleaved.interleave });
});

test("scenario names follow aa_/ab_ and are unique", () => {
  const names = CANARY_SCENARIOS.map((s) => s.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names.every((n) => /^a[ab]_[a-z0-9_]+$/.test(n))).toBe(true);
  expect(names).toEqual(expect.arrayContaining([
    "aa_heavy_latency", "aa_clustered_failures", "aa_low_base_rate", "aa_unequal_activity", "aa_bursty",
    "ab_conversion_drop_15", "ab_broken_half", "ab_latency_p99_x2",
    "aa_interleave_alongside", "aa_interleave_instead", "ab_interleave_drop_15",
  ]));
});
