/**
 * `bun run bench:canary [--json] [--runs N] [--scenarios a,b] [--seed N]`: certifies the
 * canary judge by simulation under real-world noise; prints figures, asserts nothing.
 * Each run is one release judged as the supervisor judges it (bench/canary/run-release.ts)
 * over simulated traffic (bench/canary/traffic/): A/A scenarios, where every rollback is
 * false, and A/B scenarios, where every rollback is right. Each rate comes with its
 * Clopper–Pearson 95% interval. Scenarios with the interleaved preference test run under
 * the default policy plus their `interleave`; for an A/A one the rollbacks a test made
 * (every check but the inconclusive rule's `max_duration`) are figured apart, since a
 * preference test cannot pass a canary users like as much as stable (release/README.md).
 * Run by hand, never in `npm test`: 1,000 runs per scenario take minutes (an interleaved
 * A/A release runs its 50% step to the deadline, 12 simulated hours).
 */
import { z } from "zod";
import { runMain, usageError } from "../infra/cli/command.ts";
import { mulberry32 } from "../shared/random/mulberry32.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../shared/telemetry/conversion-window.ts";
import { defaultCanaryPolicy, type InterleavePolicy } from "../release/policy/canary-policy.ts";
import { CANARY_SCENARIOS, scenarioPolicy } from "./canary/canary-scenarios.ts";
import { failedChecks, type RollbackFigures, rollbackFigures, testRollback } from "./canary/rollback-figures.ts";
import { type ReleaseRun, releaseSimulator } from "./canary/run-release.ts";
import { activityWeights } from "./canary/traffic/activity-weights.ts";
import { aliasTable } from "./canary/traffic/alias-table.ts";
import { runSeed, selectScenarios } from "./canary/select-scenarios.ts";

const spec = {
  name: "bun run bench:canary",
  summary: "The canary judge under real-world noise: false rollbacks (A/A) and detections (A/B), printed, never asserted.",
  usage: ["[--json] [--runs N] [--scenarios a,b] [--seed N]"],
  examples: ["bun run bench:canary --runs 20 --scenarios aa_heavy_latency,ab_broken_half --json"],
  flags: {
    runs: z.coerce.number().int().min(1).max(1_000_000).default(1000).describe("simulated releases per scenario (default 1000)"),
    scenarios: z.string().optional().describe(`comma-separated scenarios (default all: ${CANARY_SCENARIOS.map((s) => s.name).join(", ")})`),
    seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1).describe("seed of every run (default 1)"),
  },
  json: true,
} as const;
await runMain(spec, (args, { print, say }) => {
  const selected = selectScenarios(CANARY_SCENARIOS, args.scenarios);
  if (!selected.ok) throw usageError(spec, selected.message);

  const policy = defaultCanaryPolicy();
  const started = performance.now();
  const scenarios: Record<string, ScenarioFigures> = {};
  say(
    `${args.runs} releases per scenario, default policy (steps ${policy.steps.map((s) => `${s.percent}%`).join(" → ")}, a check every ${
      policy.checkIntervalMs / 1000
    } s); the *_interleave_* scenarios add their interleaved test`,
  );
  for (const scenario of selected.scenarios) {
    const t0 = performance.now();
    const scenarioRules = scenarioPolicy(scenario);
    const runRelease = releaseSimulator({
      policy: scenarioRules,
      scenario,
      activity: aliasTable(activityWeights(scenario.traffic.users, scenario.traffic.activity, mulberry32(args.seed))),
      conversionWindowMs: DEFAULT_CONVERSION_WINDOW_MS,
    });
    const runs: ReleaseRun[] = [];
    for (let i = 0; i < args.runs; i++) runs.push(runRelease(runSeed(args.seed, i)));
    const checks = failedChecks(runs, scenarioRules.steps);
    const interleave = scenarioRules.interleave;
    // An interleaved A/A: the rollbacks any test made, apart from the inconclusive rule's (not a test, no α).
    const byTest = interleave && scenario.name.startsWith("aa_") ? rollbackFigures(runs.map(testRollback)) : null;
    const figures: ScenarioFigures = {
      ...rollbackFigures(runs),
      failed_checks: checks,
      ...(interleave ? { interleave } : {}),
      ...(byTest ? { test_rollbacks: byTest } : {}),
    };
    scenarios[scenario.name] = figures;
    const why = Object.entries(checks).sort((a, b) => b[1] - a[1]).map(([check, n]) => `${check} ${n}`).join(", ") || "none";
    say(
      `${scenario.name.padEnd(25)} ${figures.rollbacks}/${figures.runs} rolled back = ${pct(figures.rate)} ` +
        `[${pct(figures.lower95)}, ${pct(figures.upper95)}]; canary requests to rollback: median ${figures.median_requests ?? "-"}, ` +
        `p95 ${figures.p95_requests ?? "-"}; failed checks: ${why} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    say(`  ${scenario.summary}`);
    if (byTest) {
      const alpha = scenarioRules.falseRollbackAlpha;
      say(
        `  rolled back by a test (not max_duration): ${byTest.rollbacks}/${byTest.runs} = ${pct(byTest.rate)} [${pct(byTest.lower95)}, ${pct(byTest.upper95)}]; ` +
          `falseRollbackAlpha ${pct(alpha)}: rate ${byTest.rate <= alpha ? "within" : "ABOVE"}, upper95 ${byTest.upper95 <= alpha ? "within" : "above"}`,
      );
    }
  }

  // Over the default policy's A/A scenarios, as before interleaving existed; the interleaved ones have their own figures.
  const aa = Object.entries(scenarios).filter(([name, f]) => name.startsWith("aa_") && f.interleave === undefined).map(([, f]) => f.rate);
  const aaInterleaved = Object.values(scenarios).flatMap((f) => f.test_rollbacks ? [f] : []);
  const figures = {
    aa_false_rollback: aa.length === 0 ? null : Math.max(...aa),
    power_15pct: scenarios.ab_conversion_drop_15?.rate ?? null,
    median_requests_to_detect_15pct: scenarios.ab_conversion_drop_15?.median_requests ?? null,
    requests_to_rollback_broken: scenarios.ab_broken_half?.p95_requests ?? null,
    aa_interleaved_test_false_rollback: aaInterleaved.length === 0 ? null : Math.max(...aaInterleaved.map((f) => f.test_rollbacks!.rate)),
    aa_interleaved_test_false_rollback_upper95: aaInterleaved.length === 0 ? null : Math.max(...aaInterleaved.map((f) => f.test_rollbacks!.upper95)),
    power_interleaved_15pct: scenarios.ab_interleave_drop_15?.rate ?? null,
    runs: args.runs,
    scenarios,
  };
  print(
    figures,
    "targets: every A/A upper95 ≤ 5% (interleaved A/A: rollbacks by a test, upper95 ≤ falseRollbackAlpha); ab_conversion_drop_15 ≥ 95%; " +
      "ab_broken_half p95 ≤ 200 canary requests; ab_latency_p99_x2 ≥ 95% " +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return "ok";
});

/** One scenario's entry of `--json`: its rollback figures, the failed checks by step, and the interleaved test's when it ran. */
type ScenarioFigures = RollbackFigures & {
  readonly failed_checks: Record<string, number>;
  readonly interleave?: InterleavePolicy;
  /** Interleaved A/A only: rollbacks by a test, the inconclusive rule's left out. */
  readonly test_rollbacks?: RollbackFigures;
};

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
