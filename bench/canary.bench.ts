/**
 * `bun run bench:canary [--json] [--runs N] [--scenarios a,b] [--seed N]`: certifies the
 * canary judge by simulation under real-world noise; prints figures, asserts nothing.
 * Each run is one release judged as the supervisor judges it (bench/canary/run-release.ts)
 * over simulated traffic (bench/canary/traffic/): A/A scenarios, where every rollback is
 * false, and A/B scenarios, where every rollback is right. Each rate comes with its
 * Clopper–Pearson 95% interval. Run by hand, never in `npm test`: 1,000 runs per scenario
 * take minutes.
 */
import { z } from "zod";
import { runMain, usageError } from "../infra/cli/command.ts";
import { mulberry32 } from "../shared/random/mulberry32.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../shared/telemetry/conversion-window.ts";
import { defaultCanaryPolicy } from "../release/policy/canary-policy.ts";
import { CANARY_SCENARIOS } from "./canary/canary-scenarios.ts";
import { type RollbackFigures, rollbackFigures } from "./canary/rollback-figures.ts";
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
  const scenarios: Record<string, RollbackFigures> = {};
  say(
    `${args.runs} releases per scenario, default policy (steps ${policy.steps.map((s) => `${s.percent}%`).join(" → ")}, a check every ${
      policy.checkIntervalMs / 1000
    } s)`,
  );
  for (const scenario of selected.scenarios) {
    const t0 = performance.now();
    const runRelease = releaseSimulator({
      policy,
      scenario,
      activity: aliasTable(activityWeights(scenario.traffic.users, scenario.traffic.activity, mulberry32(args.seed))),
      conversionWindowMs: DEFAULT_CONVERSION_WINDOW_MS,
    });
    const runs: ReleaseRun[] = [];
    for (let i = 0; i < args.runs; i++) runs.push(runRelease(runSeed(args.seed, i)));
    const figures = rollbackFigures(runs);
    scenarios[scenario.name] = figures;
    const checks = new Map<string, number>();
    for (const r of runs) {
      if (r.failedCheck === null) continue;
      const key = `${r.failedCheck} at ${policy.steps[r.step].percent}%`;
      checks.set(key, (checks.get(key) ?? 0) + 1);
    }
    const why = [...checks].sort((a, b) => b[1] - a[1]).map(([check, n]) => `${check} ${n}`).join(", ") || "none";
    say(
      `${scenario.name.padEnd(22)} ${figures.rollbacks}/${figures.runs} rolled back = ${pct(figures.rate)} ` +
        `[${pct(figures.lower95)}, ${pct(figures.upper95)}]; canary requests to rollback: median ${figures.median_requests ?? "-"}, ` +
        `p95 ${figures.p95_requests ?? "-"}; failed checks: ${why} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    say(`  ${scenario.summary}`);
  }

  const aa = Object.entries(scenarios).filter(([name]) => name.startsWith("aa_")).map(([, f]) => f.rate);
  const figures = {
    aa_false_rollback: aa.length === 0 ? null : Math.max(...aa),
    power_15pct: scenarios.ab_conversion_drop_15?.rate ?? null,
    median_requests_to_detect_15pct: scenarios.ab_conversion_drop_15?.median_requests ?? null,
    requests_to_rollback_broken: scenarios.ab_broken_half?.p95_requests ?? null,
    runs: args.runs,
    scenarios,
  };
  print(
    figures,
    "targets: every A/A upper95 ≤ 5%; ab_conversion_drop_15 ≥ 95%; ab_broken_half p95 ≤ 200 canary requests; ab_latency_p99_x2 ≥ 95% " +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return "ok";
});

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
