/**
 * The I/O shell of a production training run: take or read the snapshot, load the
 * production model for comparison, train and gate (trainProduction), write the
 * artifact and register it — `registered` when the gate passes, `rejected` with
 * the reasons when it does not, so a release of it aborts at preflight.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type postgres from "postgres";
import { readArtifact } from "../../infra/model/read-artifact.ts";
import { writeArtifact } from "../../infra/model/write-artifact.ts";
import { readCodeVersion } from "../../infra/provenance/code-version.ts";
import { readRuntimeVersion } from "../../infra/provenance/runtime-version.ts";
import type { Logger } from "../../infra/log/logger.ts";
import type { AlsExecutor } from "../als/als-executor.ts";
import type { IterationReport } from "../als/train-als.ts";
import { findModel, findProductionModel, registerModel } from "../../registry/model-registry.ts";
import { createSnapshot, describeSnapshot } from "../snapshot/create-snapshot.ts";
import { cleanTrainingRows } from "../snapshot/clean-training-rows.ts";
import { readSnapshot, writeSnapshot } from "../snapshot/snapshot-files.ts";
import type { SnapshotMeta } from "../snapshot/snapshot-meta.ts";
import { rowsFromMovielog } from "../snapshot/rows-from-movielog.ts";
import { DEFAULT_CLEANING_RULES, type TrainingRows } from "../snapshot/training-rows.ts";
import type { TrainFlags } from "../train/train-flags.ts";
import { artifactArraysFromModel, popularItems } from "./artifact-arrays-from-model.ts";
import { artifactRecommender, artifactSeen } from "./artifact-recommender.ts";
import { implicitSignal } from "./implicit-signal.ts";
import type { GateDecision } from "../../registry/offline-gate.ts";
import { type OfflineMetrics, trainProduction } from "./train-production.ts";

export type ProductionTrainingReport = {
  readonly version: string;
  readonly status: "registered" | "rejected";
  readonly artifact: string;
  readonly snapshot: SnapshotMeta;
  readonly gate: GateDecision;
  readonly metrics: OfflineMetrics;
  readonly parentVersion: string | null;
};

export type ProductionTrainingDeps = {
  readonly sql: postgres.Sql;
  readonly log: Logger;
  readonly now: () => Date;
  readonly root: string;
  readonly artifactDir: string;
  readonly snapshotDir: string;
  readonly executor?: AlsExecutor;
  readonly onIteration?: (stage: "evaluate" | "refit", report: IterationReport) => void;
};

const SPLIT = { holdoutFraction: 0.2, minInteractions: 3 };
const POPULAR_LIST_LENGTH = 100;

async function loadRows(flags: TrainFlags, deps: ProductionTrainingDeps, cutoff: number): Promise<{ rows: TrainingRows; meta: SnapshotMeta }> {
  const source = flags.dataset;
  if (source.kind === "snapshot") return readSnapshot(deps.snapshotDir, source.id);
  if (source.kind === "movielog") {
    const read = await rowsFromMovielog(source.file);
    const { rows, excluded } = cleanTrainingRows(read.rows, DEFAULT_CLEANING_RULES);
    const meta = describeSnapshot(rows, `movielog:${resolve(source.file)}`, null, { cleaning: DEFAULT_CLEANING_RULES, rejectedLines: read.rejected }, excluded);
    writeSnapshot(deps.snapshotDir, meta, rows);
    return { rows, meta };
  }
  const taken = await createSnapshot(deps.sql, { cutoff, rules: DEFAULT_CLEANING_RULES, dir: deps.snapshotDir });
  return { rows: taken.rows, meta: taken.meta };
}

/** Runs a production training and returns what it registered. */
export async function runProductionTraining(flags: TrainFlags, deps: ProductionTrainingDeps): Promise<ProductionTrainingReport> {
  const now = deps.now();
  const { rows, meta } = await loadRows(flags, deps, flags.cutoff ?? now.getTime());
  if (rows.users.size === 0 || rows.items.size === 0) throw new Error(`Cannot train: snapshot ${meta.id} holds no interactions`);
  deps.log.info("snapshot", { id: meta.id, rows: meta.rows, excluded: meta.excluded });

  const productionModel = await findProductionModel(deps.sql);
  let production = null;
  if (productionModel) {
    const read = await readArtifact(productionModel.artifactPath);
    if (read.ok) {
      production = {
        version: productionModel.version,
        recommend: artifactRecommender(read.artifact, rows.users, rows.items),
        seen: artifactSeen(read.artifact, rows.users, rows.items),
      };
    }
    else deps.log.warn("production model unreadable; comparing with popularity only", { version: productionModel.version, reason: read.reason });
  }

  const result = await trainProduction({
    rows, als: flags.als, gate: { metric: "ndcg", tolerance: flags.tolerance }, split: SPLIT, topK: flags.topK,
    production, executor: deps.executor, onIteration: deps.onIteration,
  });
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  // Two runs in the same second on the same snapshot (another configuration, or a
  // rebuild) would share a name: the later one takes the next free suffix.
  const base = `als-${stamp}-${meta.contentHash.slice(0, 6)}`;
  let version = base;
  for (let n = 2; existsSync(resolve(deps.artifactDir, version)) || (await findModel(deps.sql, version)) !== null; n++) version = `${base}-${n}`;
  const artifact = resolve(deps.artifactDir, version);
  const manifest = await writeArtifact(artifact, {
    version,
    created: now.toISOString(),
    parentVersion: productionModel?.version ?? null,
    algorithm: { name: "als-implicit", hyperparameters: { ...flags.als, implicitSignal: "log1p(minutes) + (rating - 2) for ratings >= 3; ratings <= 2 dropped" } },
    rank: result.model.rank,
    globalMean: result.model.globalMean,
    itemIds: rows.items.ids,
    userCount: rows.users.size,
    popular: popularItems(implicitSignal(rows), rows.items, POPULAR_LIST_LENGTH),
    snapshot: {
      id: meta.id, source: meta.source, rows: meta.rows,
      timeRange: { from: iso(meta.timeRange.from), to: iso(meta.timeRange.to) },
      filters: { ...meta.filters, cutoff: meta.cutoff, contentHash: meta.contentHash },
    },
    code: readCodeVersion(deps.root),
    runtime: readRuntimeVersion(),
    metrics: { ...flattenMetrics(result.metrics), gate: result.gate },
  }, artifactArraysFromModel(result.model, rows));
  const status = result.gate.pass ? "registered" : "rejected";
  await registerModel(deps.sql, manifest, artifact, status);
  return { version, status, artifact, snapshot: meta, gate: result.gate, metrics: result.metrics, parentVersion: manifest.parentVersion };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Headline metrics at the top level (what preflight and `models list` compare), details below. */
function flattenMetrics(m: OfflineMetrics): Record<string, unknown> {
  return {
    ndcg: m.ranking.ndcg, precision: m.ranking.precision, recall: m.ranking.recall, map: m.ranking.map,
    coverage: m.ranking.coverage, popularityBias: m.ranking.popularityBias,
    rmse: m.ratings?.rmse ?? null, mae: m.ratings?.mae ?? null,
    popularity: m.popularity, production: m.production, slices: m.slices, trainRows: m.trainRows, testRows: m.testRows,
  };
}
