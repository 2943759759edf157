/**
 * The models section's view, pure: the production model and its training data, the last
 * data refresh and training with how it ended, and the offline gate's last verdicts, from
 * what the registry's and the snapshots' readers returned.
 */
import type { ModelStanding } from "../../registry/read-model-standing.ts";
import type { ModelsSnapshot } from "./status-snapshot.ts";
import type { GateVerdictView, ModelsView } from "./status-view.ts";

/** The section for `snapshot`. */
export function buildModelsView(snapshot: ModelsSnapshot): ModelsView {
  const { production, latestData } = snapshot;
  const newest = snapshot.recent[0];
  return {
    production: production && {
      version: production.version,
      trainedAt: production.createdAt,
      promotedAt: production.statusChangedAt,
      data: production.data && { snapshotId: production.data.id, rows: production.data.rows, to: production.data.to },
    },
    lastRefresh: latestData && {
      snapshotId: latestData.id,
      at: latestData.createdAt,
      cutoff: latestData.cutoff,
      dataTo: latestData.timeTo,
      rows: latestData.rows,
    },
    lastTraining: newest ? { ...verdictView(newest), outcome: trainingOutcome(newest) } : null,
    verdicts: snapshot.recent.map(verdictView),
  };
}

function verdictView(m: ModelStanding): GateVerdictView {
  return {
    version: m.version,
    trainedAt: m.createdAt,
    status: m.status,
    passed: m.gate?.pass ?? null,
    metric: m.gate?.metric ?? null,
    reasons: m.gate?.reasons ?? [],
  };
}

/** How a training that reached the registry ended, in one line. */
export function trainingOutcome(m: ModelStanding): string {
  const gate = m.gate === null
    ? "no offline gate verdict recorded"
    : m.gate.pass
    ? "passed the offline gate"
    : `rejected by the offline gate (${m.gate.reasons.join("; ") || "no reason recorded"})`;
  const standing = { registered: "not released", production: "in production", retired: "retired since", rejected: "not released" }[m.status];
  return `${gate}; ${standing}.`;
}
