import type { MetricKey } from "../report/metric-definitions.ts";
import type { Experiment } from "../../shared/rules/index.ts";
import type { ExperimentDocument } from "./experiment-document.ts";

/** What an experiment sets out to learn: the fields of its experiment_designs row a create writes. */
export type NewExperimentDesign = {
  key: string;
  hypothesis: string;
  controlVariant: string;
  primaryMetric: MetricKey;
  guardrailMetrics: MetricKey[];
  conversionWindowMs: number;
  /** Relative lift margin for an "equivalent" verdict; null when none was declared. */
  equivalenceMargin: number | null;
  observationWindowMs: number;
  /** Users the sequences are tuned for; null: the report's default. */
  plannedUsers: number | null;
};

/**
 * Splits a document into the rules' experiment (a draft: it assigns nobody until started)
 * and its design. Optional rules fields are left out rather than set to undefined, so the
 * experiment equals what the rules read back.
 */
export function splitExperimentDocument(
  doc: ExperimentDocument,
): { experiment: Experiment; design: NewExperimentDesign } {
  const experiment: Experiment = {
    key: doc.key,
    ...(doc.layer && { namespace: [doc.layer.name, doc.layer.start, doc.layer.end] }),
    seed: doc.seed,
    coverage: doc.coverage,
    status: "draft",
    ...(doc.targeting && { targeting: doc.targeting }),
    variants: doc.variants,
  };
  const design: NewExperimentDesign = {
    key: doc.key,
    hypothesis: doc.hypothesis,
    controlVariant: doc.control,
    primaryMetric: doc.primaryMetric,
    guardrailMetrics: doc.guardrailMetrics,
    conversionWindowMs: doc.conversionWindowMs,
    equivalenceMargin: doc.equivalenceMargin ?? null,
    observationWindowMs: doc.observationWindowMs,
    plannedUsers: doc.plannedUsers ?? null,
  };
  return { experiment, design };
}
