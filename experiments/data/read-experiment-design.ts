/**
 * One experiment as a report needs it: the design row (hypothesis, metrics, both clocks'
 * start and stop) joined with the assignment side from the stored rules (variants,
 * weights, layer). Either half missing or malformed is an expected outcome, returned as
 * a reason.
 */
import type postgres from "postgres";
import { z } from "zod";
import { readRules } from "../../infra/rules/rules-store.ts";
import { parseRuleSet } from "../../shared/rules/index.ts";
import type { Experiment } from "../../shared/rules/index.ts";
import { ReportExperiment } from "../report/experiment-report-input.ts";

/** The design row as selected below: times as epoch-millisecond numbers, the array as JSON text. */
const DesignRow = z.object({
  key: z.string(),
  hypothesis: z.string(),
  control_variant: z.string(),
  primary_metric: z.string(),
  guardrail_metrics: z.string().transform((s) => z.array(z.string()).parse(JSON.parse(s))),
  conversion_window_ms: z.int().nonnegative(),
  started_at: z.number().nullable(),
  stopped_at: z.number().nullable(),
  stream_started_at: z.number().nullable(),
  stream_stopped_at: z.number().nullable(),
});

/** The experiment for the report, and the design times the windows are computed from. */
export type ExperimentDesign = {
  readonly experiment: ReportExperiment;
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  readonly streamStartedAt: number;
  readonly streamStoppedAt: number | null;
  readonly conversionWindowMs: number;
  /** Variant keys in the rules whose weight is zero: not compared, as SRM needs a positive weight. */
  readonly idleVariants: readonly string[];
};

export type ReadExperimentDesignResult =
  | { readonly ok: true; readonly design: ExperimentDesign }
  | { readonly ok: false; readonly reason: string };

/** Reads experiment `key`'s design and its variants from the rules. */
export async function readExperimentDesign(
  sql: postgres.Sql,
  key: string,
): Promise<ReadExperimentDesignResult> {
  const [raw] = await sql`
    select key, hypothesis, control_variant, primary_metric,
      to_jsonb(guardrail_metrics)::text as guardrail_metrics, conversion_window_ms,
      (extract(epoch from started_at) * 1000)::float8 as started_at,
      (extract(epoch from stopped_at) * 1000)::float8 as stopped_at,
      (extract(epoch from stream_started_at) * 1000)::float8 as stream_started_at,
      (extract(epoch from stream_stopped_at) * 1000)::float8 as stream_stopped_at
    from experiment_designs where key = ${key}`;
  if (!raw) return { ok: false, reason: `unknown experiment: no design row for key ${key}` };
  const row = DesignRow.parse(raw);
  if (row.started_at === null || row.stream_started_at === null) {
    return { ok: false, reason: `experiment ${key} was never started (started_at or stream_started_at is null)` };
  }

  const stored = await readRules(sql);
  if (stored === null) return { ok: false, reason: "no rules are stored: the experiment's variants are unknown" };
  const rules = parseRuleSet(stored);
  if (!rules.ok) return { ok: false, reason: `the stored rules are invalid: ${rules.errors.join("; ")}` };
  const assignment = rules.rules.experiments.find((e) => e.key === key);
  if (!assignment) return { ok: false, reason: `experiment ${key} is not in the stored rules` };

  const experiment = ReportExperiment.safeParse({
    key,
    hypothesis: row.hypothesis,
    layer: layerName(assignment),
    variants: assignment.variants.filter((v) => v.weight > 0).map((v) => ({ key: v.key, weight: v.weight })),
    controlVariant: row.control_variant,
    primaryMetric: row.primary_metric,
    guardrailMetrics: row.guardrail_metrics,
  });
  if (!experiment.success) {
    const issues = experiment.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    return { ok: false, reason: `experiment ${key} cannot be reported: ${issues.join("; ")}` };
  }
  return {
    ok: true,
    design: {
      experiment: experiment.data,
      startedAt: Math.round(row.started_at),
      stoppedAt: row.stopped_at === null ? null : Math.round(row.stopped_at),
      streamStartedAt: Math.round(row.stream_started_at),
      streamStoppedAt: row.stream_stopped_at === null ? null : Math.round(row.stream_stopped_at),
      conversionWindowMs: row.conversion_window_ms,
      idleVariants: assignment.variants.filter((v) => v.weight === 0).map((v) => v.key),
    },
  };
}

/** The layer as the report shows it: the namespace and the slice this experiment takes. */
function layerName(experiment: Experiment): string {
  if (!experiment.namespace) return "(no layer)";
  const [name, start, end] = experiment.namespace;
  return `${name} [${start}, ${end})`;
}
