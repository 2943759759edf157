/**
 * One experiment as a report needs it: the design row (hypothesis, metrics, both clocks'
 * start and stop, read through read-models/read-experiment-designs.ts, the one reader of
 * the table) joined with the assignment side from the stored rules (variants, weights,
 * layer). Either half missing or malformed, or a metric the report does not know, is an
 * expected outcome, returned as a reason.
 */
import type postgres from "postgres";
import { errorMessage } from "../../infra/log/logger.ts";
import type { Experiment } from "../../shared/rules/index.ts";
import { ReportExperiment } from "../report/experiment-report-input.ts";
import { readExperimentDesign } from "../../read-models/read-experiment-designs.ts";
import { readStoredRules } from "../../infra/rules/read-stored-rules.ts";

/** The experiment for the report, and the design times the windows are computed from. */
export type ReportDesign = {
  readonly experiment: ReportExperiment;
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  readonly streamStartedAt: number;
  readonly streamStoppedAt: number | null;
  readonly conversionWindowMs: number;
  /** Variant keys in the rules whose weight is zero: not compared, as SRM needs a positive weight. */
  readonly idleVariants: readonly string[];
};

export type ReadReportDesignResult =
  | { readonly ok: true; readonly design: ReportDesign }
  | { readonly ok: false; readonly reason: string };

/** Reads experiment `key`'s design and its variants from the rules. */
export async function readReportDesign(
  sql: postgres.Sql,
  key: string,
): Promise<ReadReportDesignResult> {
  let row;
  try {
    row = await readExperimentDesign(sql, key);
  } catch (error) {
    return { ok: false, reason: `experiment ${key} cannot be reported: its design row is invalid: ${errorMessage(error)}` };
  }
  if (!row) return { ok: false, reason: `unknown experiment: no design row for key ${key}` };
  if (row.startedAt === null || row.streamStartedAt === null) {
    return { ok: false, reason: `experiment ${key} was never started (started_at or stream_started_at is null)` };
  }

  const rules = await readStoredRules(sql);
  if (rules === undefined) return { ok: false, reason: "no rules are stored: the experiment's variants are unknown" };
  if (rules === null) return { ok: false, reason: "the stored rules are invalid: the experiment's variants are unknown" };
  const assignment = rules.experiments.find((e) => e.key === key);
  if (!assignment) return { ok: false, reason: `experiment ${key} is not in the stored rules` };

  // An interleaving experiment has one weighted variant merging two pools (checked at
  // create; rules edited by hand since may break that, which is a reason, not a guess).
  const interleaving = assignment.variants.filter((v) => v.weight > 0 && v.interleave !== undefined);
  if (interleaving.length > 1) {
    return {
      ok: false,
      reason: `experiment ${key} cannot be reported: ${interleaving.map((v) => v.key).join(", ")} all interleave; ` +
        "an interleaving experiment compares one pair in one variant",
    };
  }
  const interleave = interleaving[0]?.interleave && { variant: interleaving[0].key, ...interleaving[0].interleave };

  const experiment = ReportExperiment.safeParse({
    key,
    hypothesis: row.hypothesis,
    layer: layerName(assignment),
    variants: assignment.variants.filter((v) => v.weight > 0).map((v) => ({ key: v.key, weight: v.weight })),
    controlVariant: row.controlVariant,
    primaryMetric: row.primaryMetric,
    guardrailMetrics: row.guardrailMetrics,
    ...(row.equivalenceMargin !== null && { equivalenceMargin: row.equivalenceMargin }),
    observationWindowMs: row.observationWindowMs,
    ...(row.plannedUsers !== null && { plannedUsers: row.plannedUsers }),
    ...(interleave && { interleave }),
  });
  if (!experiment.success) {
    const issues = experiment.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    return { ok: false, reason: `experiment ${key} cannot be reported: ${issues.join("; ")}` };
  }
  return {
    ok: true,
    design: {
      experiment: experiment.data,
      startedAt: Math.round(row.startedAt.getTime()),
      stoppedAt: row.stoppedAt === null ? null : Math.round(row.stoppedAt.getTime()),
      streamStartedAt: Math.round(row.streamStartedAt.getTime()),
      streamStoppedAt: row.streamStoppedAt === null ? null : Math.round(row.streamStoppedAt.getTime()),
      conversionWindowMs: row.conversionWindowMs,
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
