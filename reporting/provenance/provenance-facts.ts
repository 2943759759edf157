/**
 * What the provenance report is built from, as read from Postgres and the disk:
 * the telemetry row of the request, the rules audit entry of its rules version,
 * the model's registry entry, the recorded snapshot and whether its files exist.
 */
import { z } from "zod";
import { TelemetryAssignment } from "../../shared/telemetry/telemetry-event.ts";
import type { RegisteredModel } from "../../registry/model-registry.ts";

/** A `telemetry_events` row, time in epoch ms. */
export const ServedRequest = z.object({
  requestId: z.string().min(1),
  time: z.number(),
  userId: z.number().int().nullable(),
  status: z.number().int(),
  latencyMs: z.number(),
  pool: z.string().nullable(),
  modelVersion: z.string().nullable(),
  rulesVersion: z.number().int().nullable(),
  assignments: z.array(TelemetryAssignment),
  items: z.array(z.string()),
  fallback: z.boolean(),
  fallbackReason: z.string().nullable(),
});
export type ServedRequest = z.infer<typeof ServedRequest>;

/** A `rules_audit` row: who made the rules version, how, and the document it produced. */
export const RulesAuditEntry = z.object({
  id: z.number().int(),
  version: z.number().int(),
  at: z.string(),
  actor: z.string(),
  source: z.string(),
  change: z.unknown(),
  document: z.unknown(),
});
export type RulesAuditEntry = z.infer<typeof RulesAuditEntry>;

/** A `data_snapshots` row, as far as rebuilding needs it. */
export const RecordedSnapshot = z.object({
  id: z.string(),
  source: z.string(),
  cutoff: z.string().nullable(),
  rows: z.record(z.string(), z.number()),
  filters: z.record(z.string(), z.unknown()),
});
export type RecordedSnapshot = z.infer<typeof RecordedSnapshot>;

/** The snapshot's directory under SNAPSHOT_DIR, and the content hash its snapshot.json records when it exists. */
export type SnapshotOnDisk = { readonly path: string; readonly exists: boolean; readonly contentHash: string | null };

export type ProvenanceFacts = {
  readonly request: ServedRequest;
  /** Null when the request had no rules version or no audit row holds it. */
  readonly audit: RulesAuditEntry | null;
  /** Null for fallback answers, and when the version is not in the registry. */
  readonly model: RegisteredModel | null;
  readonly recordedSnapshot: RecordedSnapshot | null;
  readonly snapshotOnDisk: SnapshotOnDisk | null;
  /** SNAPSHOT_DIR as configured, for the rebuild command. */
  readonly snapshotDir: string;
};
