/**
 * Preflight: before any user sees the candidate, its offline metrics from the
 * registry must hold up against production's, and the trainer's own gate must have
 * passed. Pure; the decision carries its reasons and the figures it compared.
 */
import type { GateConfig } from "../../registry/offline-gate.ts";
import type { ModelStatus } from "../../registry/model-registry.ts";

/** pass is false with at least one reason when the release must abort. */
export type PreflightDecision = {
  readonly pass: boolean;
  readonly reasons: readonly string[];
  readonly evidence: { readonly metric: string; readonly candidate: number | null; readonly production: number | null; readonly floor: number | null; readonly registryStatus: ModelStatus };
};

const finite = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/** The version the trainer's gate compared with, like for like, when it did. */
const gateComparedWith = (metrics: Readonly<Record<string, unknown>>): string | null => {
  const production = metrics.production as { version?: unknown } | null | undefined;
  return typeof production?.version === "string" ? production.version : null;
};

/** Judges the candidate's manifest metrics (`gate` included) against production's; null production skips the comparison. */
export function preflightDecision(
  candidateMetrics: Readonly<Record<string, unknown>>,
  productionModel: { readonly version: string; readonly metrics: Readonly<Record<string, unknown>> } | null,
  registryStatus: ModelStatus,
  tolerance: GateConfig,
): PreflightDecision {
  const { metric } = tolerance;
  const reasons: string[] = [];
  if (registryStatus === "rejected") reasons.push("the registry marks the model rejected (the offline gate refused it)");
  if (registryStatus === "production") reasons.push("the model is already in production");

  const gate = candidateMetrics.gate as { pass?: unknown; reasons?: unknown } | undefined;
  if (typeof gate !== "object" || gate === null) reasons.push("the manifest records no offline gate decision");
  else if (gate.pass !== true) {
    const why = Array.isArray(gate.reasons) ? gate.reasons.map(String).join("; ") : "no reason recorded";
    reasons.push(`the offline gate did not pass: ${why}`);
  }

  const candidate = finite(candidateMetrics[metric]);
  const production = productionModel ? finite(productionModel.metrics[metric]) : null;
  let floor: number | null = null;
  if (candidate === null) reasons.push(`${metric} of the candidate is missing or not a number (${String(candidateMetrics[metric])})`);
  // The registry's figures come from each model's own test split, so this is a coarse
  // check, and noisy: it stands in only when the gate could not compare like for like
  // with this production model (it was promoted after the candidate was trained).
  if (production !== null && gateComparedWith(candidateMetrics) !== productionModel!.version) {
    floor = production * (1 - tolerance.tolerance);
    if (candidate !== null && candidate < floor) {
      reasons.push(`${metric} ${candidate.toFixed(4)} is below production's ${production.toFixed(4)} by more than ${(tolerance.tolerance * 100).toFixed(1)}%`);
    }
  }
  return { pass: reasons.length === 0, reasons, evidence: { metric, candidate, production, floor, registryStatus } };
}
