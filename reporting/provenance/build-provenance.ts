/**
 * "Why did this user get this list?": the request, the rules version that routed
 * it, the model that answered and the data that model was trained on, with how to
 * rebuild those exact training rows. Pure: the facts are read elsewhere.
 */
import type { TelemetryAssignment } from "../../shared/telemetry/telemetry-event.ts";
import type { ProvenanceFacts, RulesAuditEntry, ServedRequest } from "./provenance-facts.ts";

/** The training data behind a model, and whether it can be read back exactly. */
export type TrainingData = {
  readonly snapshotId: string;
  readonly source: string;
  readonly rows: Record<string, number>;
  readonly timeRange: { readonly from: string | null; readonly to: string | null };
  /** The full sha256 of the rows, as the manifest records it (null in manifests that predate it). */
  readonly contentHash: string | null;
  /** Epoch ms of the snapshot's cutoff, when it selected from the event store. */
  readonly cutoff: number | null;
  /** A `data_snapshots` row holds it. */
  readonly recorded: boolean;
  readonly onDisk: { readonly path: string; readonly exists: boolean; readonly contentHashMatches: boolean | null };
  /** How to get the same rows again, in one sentence with the command. */
  readonly rebuild: string;
};

/** The report, as `--json` prints it. */
export type Provenance = {
  readonly report: "provenance";
  readonly request: Omit<ServedRequest, "time"> & { readonly time: string };
  readonly answeredBy: "model" | "fallback" | "nothing";
  /** One sentence on where the list came from. */
  readonly summary: string;
  readonly pool: string | null;
  readonly modelVersion: string | null;
  readonly rulesVersion: number | null;
  readonly assignments: readonly TelemetryAssignment[];
  readonly rules: RulesAuditEntry | null;
  readonly rulesNote: string;
  readonly model: {
    readonly version: string;
    readonly status: string;
    readonly createdAt: string;
    readonly artifactPath: string;
    readonly parentVersion: string | null;
    readonly algorithm: string;
    readonly hyperparameters: Record<string, unknown>;
    readonly code: { readonly commit: string; readonly dirty: boolean };
    readonly runtime: { readonly name: string; readonly version: string; readonly packages: Record<string, string> };
    readonly metrics: Record<string, unknown>;
  } | null;
  readonly modelNote: string;
  readonly trainingData: TrainingData | null;
};

/** Builds the report from `facts`. */
export function buildProvenance(facts: ProvenanceFacts): Provenance {
  const { request, model } = facts;
  const answeredBy = request.status !== 200 ? "nothing" : request.fallback ? "fallback" : "model";
  const when = new Date(request.time).toISOString();
  const summary = answeredBy === "nothing"
    ? `Request ${request.requestId} at ${when} got status ${request.status}: no list was answered.`
    : answeredBy === "fallback"
    ? `Request ${request.requestId} at ${when} was answered from the router's fallback list (${request.fallbackReason ?? "no reason recorded"}), no model.`
    : `Request ${request.requestId} at ${when} was answered by model ${request.modelVersion} in pool ${request.pool} under rules version ${request.rulesVersion}.`;
  const { time: _epoch, ...rest } = request;
  return {
    report: "provenance",
    request: { ...rest, time: when },
    answeredBy,
    summary,
    pool: request.pool,
    modelVersion: request.modelVersion,
    rulesVersion: request.rulesVersion,
    assignments: request.assignments,
    rules: facts.audit,
    rulesNote: request.rulesVersion === null
      ? "no rules were in force (the router had none loaded)"
      : facts.audit === null
      ? `no rules_audit entry holds rules version ${request.rulesVersion}`
      : `rules version ${facts.audit.version} was written at ${facts.audit.at} by ${facts.audit.actor} (${facts.audit.source})`,
    model: model === null ? null : {
      version: model.version, status: model.status, createdAt: model.createdAt, artifactPath: model.artifactPath,
      parentVersion: model.manifest.parentVersion, algorithm: model.manifest.algorithm.name,
      hyperparameters: model.manifest.algorithm.hyperparameters, code: model.manifest.code,
      runtime: model.manifest.runtime, metrics: model.manifest.metrics,
    },
    modelNote: answeredBy !== "model"
      ? "no model: the answer did not come from a worker"
      : model === null
      ? `model ${JSON.stringify(request.modelVersion)} is not in the registry`
      : `model ${model.version} (${model.status}) from ${model.artifactPath}`,
    trainingData: model === null ? null : trainingData(facts),
  };
}

function trainingData(facts: ProvenanceFacts): TrainingData {
  const ref = facts.model!.manifest.snapshot;
  const contentHash = typeof ref.filters.contentHash === "string" ? ref.filters.contentHash : null;
  const recordedCutoff = facts.recordedSnapshot?.cutoff ? Date.parse(facts.recordedSnapshot.cutoff) : null;
  const cutoff = typeof ref.filters.cutoff === "number" ? ref.filters.cutoff : recordedCutoff;
  const disk = facts.snapshotOnDisk ?? { path: "", exists: false, contentHash: null };
  const contentHashMatches = disk.exists && contentHash !== null && disk.contentHash !== null ? disk.contentHash === contentHash : null;
  return {
    snapshotId: ref.id, source: ref.source, rows: ref.rows, timeRange: ref.timeRange, contentHash, cutoff,
    recorded: facts.recordedSnapshot !== null,
    onDisk: { path: disk.path, exists: disk.exists, contentHashMatches },
    rebuild: rebuildAdvice(ref.id, ref.source, cutoff, disk.exists, contentHashMatches, facts.snapshotDir),
  };
}

function rebuildAdvice(id: string, source: string, cutoff: number | null, exists: boolean, matches: boolean | null, dir: string): string {
  if (exists && matches !== false) {
    return `SNAPSHOT_DIR=${dir} bun run train --dataset snapshot:${id} reads the frozen rows back (the trainer checks their content hash before training).`;
  }
  const why = exists ? `the snapshot at ${dir}/${id} records a different content hash than the manifest` : `the snapshot's files are not in ${dir}`;
  if (source === "event-store" && cutoff !== null) {
    return `${why}; bun run train --cutoff ${new Date(cutoff).toISOString()} selects the event store again at the same cutoff, and gives the same rows only if it gets the same snapshot id (${id}).`;
  }
  if (source.startsWith("movielog:")) {
    return `${why}; bun run train --dataset ${source} reads the same log again, and gives the same rows only if it gets the same snapshot id (${id}).`;
  }
  return `${why}, and the manifest does not say how to select them again: the exact training rows cannot be rebuilt.`;
}
