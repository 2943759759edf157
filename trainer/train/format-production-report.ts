/** A production run's outcome as text for a terminal. */
import type { ProductionTrainingReport } from "../pipeline/run-production-training.ts";

const f = (x: number | null | undefined) => (x === null || x === undefined ? "-" : x.toFixed(4));

/** Version, snapshot, metrics against popularity and production, and the gate's verdict. */
export function formatProductionReport(r: ProductionTrainingReport): string {
  const m = r.metrics;
  const row = (name: string, x: { ndcg: number; precision: number; recall: number; coverage: number } | null) =>
    `  ${name.padEnd(28)} ${x ? [x.ndcg, x.precision, x.recall, x.coverage].map(f).join("  ") : "(none)"}`;
  return [
    `model ${r.version} (${r.status})  parent ${r.parentVersion ?? "none"}`,
    `  snapshot ${r.snapshot.id}: ${r.snapshot.rows.watch} watch, ${r.snapshot.rows.ratings} ratings; excluded ${JSON.stringify(r.snapshot.excluded)}`,
    `  ${"".padEnd(28)} ndcg@K  prec@K  rec@K   coverage`,
    row("new model", m.ranking),
    row("popularity", m.popularity),
    m.production
      ? [row(`production ${m.production.version} *`, m.production.production), row("new model *", m.production.candidate),
        `  * on ${m.production.testRows} held-out interactions production never saw`].join("\n")
      : row("production", null),
    `  ratings (explicit model)     rmse ${f(m.ratings?.rmse)}  mae ${f(m.ratings?.mae)}`,
    `  gate: ${r.gate.pass ? "pass" : `FAIL: ${r.gate.reasons.join("; ")}`}`,
    `  artifact ${r.artifact}`,
  ].join("\n");
}
