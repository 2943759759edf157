/**
 * `bun run bench:experiments [--json] [--runs N] [--scenarios a,b] [--days N] [--seed N]`:
 * certifies the experiment reports' decisions by simulation under real-world noise;
 * prints figures, asserts nothing. Each run is an A/A experiment (the treatment is the
 * control) whose report is read every day for 30 days (bench/experiments/run-experiment.ts),
 * as an operator peeks at it: a run counts as a false "stop" if any day's report said
 * "stop: guardrail harmed", and as a false "ship" if any said "ship" (an "equivalent" is
 * no error in an A/A). Each rate comes with the upper bound of its Clopper–Pearson 95%
 * interval. Run by hand, never in `npm test`.
 */
import { z } from "zod";
import { runMain, usageError } from "../infra/cli/command.ts";
import { mulberry32 } from "../shared/random/mulberry32.ts";
import { clopperPearson } from "../shared/stats/clopper-pearson.ts";
import { ExperimentDocument } from "../experiments/design/experiment-document.ts";
import { splitExperimentDocument } from "../experiments/design/split-experiment-document.ts";
import { ReportExperiment } from "../experiments/report/experiment-report-input.ts";
import { runSeed, selectScenarios } from "./canary/select-scenarios.ts";
import { activityWeights } from "./canary/traffic/activity-weights.ts";
import { aliasTable } from "./canary/traffic/alias-table.ts";
import { EXPERIMENT_SCENARIOS } from "./experiments/experiment-scenarios.ts";
import { type ExperimentRun, experimentSimulator } from "./experiments/run-experiment.ts";

const spec = {
  name: "bun run bench:experiments",
  summary: "The experiment reports' verdicts under daily peeking at A/A experiments: false stops and ships, printed, never asserted.",
  usage: ["[--json] [--runs N] [--scenarios a,b] [--days N] [--seed N]"],
  examples: ["bun run bench:experiments --runs 20 --scenarios aa_heavy_latency --json"],
  flags: {
    runs: z.coerce.number().int().min(1).max(1_000_000).default(1000).describe("simulated experiments per scenario (default 1000)"),
    scenarios: z.string().optional().describe(
      `comma-separated scenarios (default all: ${EXPERIMENT_SCENARIOS.map((s) => s.name).join(", ")})`,
    ),
    days: z.coerce.number().int().min(1).max(365).default(30).describe("days each experiment runs, with one look a day (default 30)"),
    seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1).describe("seed of every run (default 1)"),
  },
  json: true,
} as const;

// The experiment an operator writes with the documented defaults (primary conversion,
// guardrail latency, 50/50), as the rules and the report reader then hold it.
const { experiment, design } = splitExperimentDocument(ExperimentDocument.parse({
  key: "bench-aa",
  hypothesis: "A/A: the treatment is the control, so any verdict but no difference is false",
  variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5 }],
}));
const report = ReportExperiment.parse({
  key: design.key,
  hypothesis: design.hypothesis,
  layer: "bench",
  variants: experiment.variants.map((v) => ({ key: v.key, weight: v.weight })),
  controlVariant: design.controlVariant,
  primaryMetric: design.primaryMetric,
  guardrailMetrics: design.guardrailMetrics,
});

type Figures = { runs: number; false_stop: number; false_ship: number; upper95_stop: number; upper95_ship: number };

await runMain(spec, (args, { print, say }) => {
  const selected = selectScenarios(EXPERIMENT_SCENARIOS, args.scenarios);
  if (!selected.ok) throw usageError(spec, selected.message);
  const started = performance.now();
  const scenarios: Record<string, Figures> = {};
  say(
    `${args.runs} A/A experiments per scenario, a report a day for ${args.days} days; primary ${report.primaryMetric}, guardrails ${
      report.guardrailMetrics.join(", ")
    }, alpha ${report.alpha}, planned ${report.plannedUsers} users`,
  );
  for (const scenario of selected.scenarios) {
    const t0 = performance.now();
    const runExperiment = experimentSimulator({
      scenario,
      activity: aliasTable(activityWeights(scenario.traffic.users, scenario.traffic.activity, mulberry32(args.seed))),
      assignment: { ...experiment, status: "running" },
      design: report,
      conversionWindowMs: design.conversionWindowMs,
      days: args.days,
    });
    const runs: ExperimentRun[] = [];
    for (let i = 0; i < args.runs; i++) runs.push(runExperiment(runSeed(args.seed, i)));
    const stops = runs.filter((r) => r.stopped).length;
    const ships = runs.filter((r) => r.shipped).length;
    const figures = {
      runs: runs.length,
      false_stop: stops / runs.length,
      false_ship: ships / runs.length,
      upper95_stop: clopperPearson(stops, runs.length).upper,
      upper95_ship: clopperPearson(ships, runs.length).upper,
    };
    scenarios[scenario.name] = figures;
    const srm = runs.filter((r) => (r.verdicts["check assignment: SRM"] ?? 0) > 0).length;
    const byMetric = new Map<string, number>();
    for (const r of runs) if (r.firstStop !== null) byMetric.set(r.firstStop.metric, (byMetric.get(r.firstStop.metric) ?? 0) + 1);
    const stopDays = runs.flatMap((r) => (r.firstStop === null ? [] : [r.firstStop.day])).sort((a, b) => a - b);
    say(
      `${scenario.name.padEnd(22)} false stop ${stops}/${runs.length} = ${pct(figures.false_stop)} (upper95 ${pct(figures.upper95_stop)}); ` +
        `false ship ${ships}/${runs.length} = ${pct(figures.false_ship)} (upper95 ${pct(figures.upper95_ship)}); ` +
        `an SRM alarm in ${srm} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    if (stopDays.length > 0) {
      const metrics = [...byMetric].sort((a, b) => b[1] - a[1]).map(([metric, n]) => `${metric} ${n}`).join(", ");
      say(`  first stops by metric: ${metrics}; on days ${stopDays[0]}–${stopDays[stopDays.length - 1]}, median ${stopDays[stopDays.length >> 1]}`);
    }
    say(`  ${scenario.summary}`);
  }
  print({ scenarios, looks: args.days }, `target: every upper95 ≤ 5% (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return "ok";
});

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
