/**
 * The offline quality gate: a new model must rank better than popularity, and
 * must not be worse than the production model beyond a tolerance, on the same
 * held-out data. Pure; the decision carries its reasons.
 */
import { z } from "zod";

export const GateConfig = z.object({
  /** The metric compared (a ranking metric at K). */
  metric: z.enum(["ndcg", "precision", "recall", "map"]).default("ndcg"),
  /** Allowed relative shortfall against production (0.02 = 2%). */
  tolerance: z.number().min(0).max(1).default(0.02),
});
export type GateConfig = z.infer<typeof GateConfig>;

export type GateInput = {
  readonly candidate: Record<string, number>;
  readonly popularity: Record<string, number>;
  /**
   * Production against the candidate on held-out interactions production never
   * trained on (it was refit on everything it had); null when there is no
   * production model or no such interaction, and the comparison is skipped.
   */
  readonly production: {
    readonly version: string;
    readonly metrics: Record<string, number>;
    readonly candidate: Record<string, number>;
    /**
     * One-sided 95 % upper bound of the per-user candidate − (1 − tolerance) ·
     * production (paired-shortfall.ts); when given, only a bound below 0 fails.
     */
    readonly pairedUpperBound?: number;
  } | null;
};

export type GateDecision = { readonly pass: boolean; readonly metric: string; readonly reasons: string[] };

/** Judges the candidate; `pass` is false with at least one reason when it must not ship. */
export function judgeOfflineGate(input: GateInput, config: GateConfig): GateDecision {
  const { metric, tolerance } = config;
  const value = input.candidate[metric];
  const reasons: string[] = [];
  const fmt = (x: number) => x.toFixed(4);
  if (!Number.isFinite(value)) {
    return { pass: false, metric, reasons: [`${metric} of the new model is not a number (${value}): the model is broken`] };
  }
  const popular = input.popularity[metric];
  if (!(value > popular)) reasons.push(`${metric} ${fmt(value)} is not better than the popularity ranking's ${fmt(popular)}`);
  if (input.production) {
    const mine = input.production.candidate[metric];
    const floor = input.production.metrics[metric] * (1 - tolerance);
    const bound = input.production.pairedUpperBound;
    const worse = bound === undefined ? !(mine >= floor) : !(bound >= 0);
    if (worse) {
      const how = bound === undefined ? "" : ", confidently per user";
      reasons.push(`${metric} ${fmt(mine)} is below production ${input.production.version}'s ${fmt(input.production.metrics[metric])} by more than ${(tolerance * 100).toFixed(1)}% (on interactions production never saw${how})`);
    }
  }
  return { pass: reasons.length === 0, metric, reasons };
}
