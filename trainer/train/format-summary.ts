/** The human-readable summary `bun run train` prints without --json. */
import type { FoldsReport } from "./run-folds.ts";

const fixed = (x: number | null, digits = 4) => (x === null ? "-" : Number.isNaN(x) ? "NaN" : x.toFixed(digits));

/** A small table: one line per fold, then the mean and the baselines. */
export function formatSummary(report: FoldsReport): string {
  const k = report.config.topK;
  const lines = [`fold   rmse    mae     p@${k}   ndcg@${k} map@${k}  baseline-rmse  popularity-ndcg  seconds`];
  for (const f of report.folds) {
    lines.push(
      [
        String(f.fold).padEnd(6),
        fixed(f.rmse).padEnd(7),
        fixed(f.mae).padEnd(7),
        fixed(f.ranking.precision).padEnd(7),
        fixed(f.ranking.ndcg).padEnd(7),
        fixed(f.ranking.map).padEnd(7),
        fixed(f.baseline.rmse).padEnd(14),
        fixed(f.baseline.ranking.ndcg).padEnd(16),
        f.seconds.toFixed(2),
      ].join(" "),
    );
  }
  const m = report.mean;
  lines.push(`mean   ${fixed(m.rmse).padEnd(7)} ${fixed(m.mae).padEnd(7)} ${fixed(m.precision).padEnd(7)} ${fixed(m.ndcg).padEnd(7)} ${fixed(m.map).padEnd(7)}`);
  return lines.join("\n");
}
