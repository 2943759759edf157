/** The experiment CLI's human output: a table for `list`, a summary for `show`. Pure. */
import type { Experiment } from "../../shared/rules/index.ts";
import type { ExperimentView } from "../store/read-experiments.ts";

const percent = (share: number) => `${Number((share * 100).toFixed(2))}%`;
const time = (date: Date | null) => (date === null ? "-" : date.toISOString());

/**
 * `control 50% / treatment 50% → canary`: each variant's weight and pool, or the two
 * pools it interleaves (`→ stable (A) × canary (B) interleaved`).
 */
export function formatVariants(experiment: Experiment): string {
  return experiment.variants
    .map((v) => `${v.key} ${percent(v.weight)}${target(v)}`)
    .join(" / ");
}

function target(variant: Experiment["variants"][number]): string {
  if (variant.interleave) return ` → ${variant.interleave.a} (A) × ${variant.interleave.b} (B) interleaved`;
  return variant.pool === undefined ? "" : ` → ${variant.pool}`;
}

/** `home [0, 0.5)`, or `-` for an experiment outside any layer. */
export function formatLayer(experiment: Experiment): string {
  const ns = experiment.namespace;
  return ns === undefined ? "-" : `${ns[0]} [${ns[1]}, ${ns[2]})`;
}

/** Left-aligned columns, two spaces apart. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join(
    "\n",
  );
}

/** One line per experiment, in rules order. */
export function formatExperimentTable(experiments: ExperimentView[]): string {
  if (experiments.length === 0) return "no experiments in the rules";
  const header = ["KEY", "STATUS", "LAYER", "COVERAGE", "PRIMARY", "STARTED", "VARIANTS"];
  const rows = experiments.map((e) => [
    e.key,
    e.status,
    formatLayer(e),
    percent(e.coverage),
    e.design?.primaryMetric ?? "-",
    time(e.design?.startedAt ?? null),
    formatVariants(e),
  ]);
  return table([header, ...rows]);
}

/** Everything `show` knows of one experiment, a field a line. */
export function formatExperimentSummary(e: ExperimentView): string {
  const lines = [
    ["experiment", `${e.key} (${e.status})`],
    ["layer", formatLayer(e)],
    ["seed", e.seed],
    ["coverage", percent(e.coverage)],
    ["targeting", e.targeting === undefined ? "everyone" : JSON.stringify(e.targeting)],
    ["variants", formatVariants(e)],
  ];
  const flagged = e.variants.filter((v) => v.flags !== undefined);
  for (const v of flagged) lines.push([`flags ${v.key}`, JSON.stringify(v.flags)]);
  const d = e.design;
  if (d === null) {
    lines.push(["design", "none (written with `rules set`, not `experiment create`)"]);
  } else {
    lines.push(
      ["hypothesis", d.hypothesis],
      ["control", d.controlVariant],
      ["primary metric", d.primaryMetric],
      ["guardrails", d.guardrailMetrics.length === 0 ? "-" : d.guardrailMetrics.join(", ")],
      ["conversion window", `${d.conversionWindowMs / 1000} s of stream time`],
      ["created", `${time(d.createdAt)} by ${d.createdBy}`],
      ["started", `${time(d.startedAt)} (stream ${time(d.streamStartedAt)})`],
      ["stopped", `${time(d.stoppedAt)} (stream ${time(d.streamStoppedAt)})`],
    );
  }
  return table(lines.map(([label, value]) => [`${label}:`, value]));
}
