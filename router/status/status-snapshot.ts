/**
 * What the status page reads from Postgres, at most every 15 s: the data path (sampled
 * partitions, quarantines of the last hour, the stream's clock), the registry's standing,
 * the current (or last) release, the running experiments' designs and users per variant,
 * and the counts behind the availability and conversion charts. Times are epoch
 * milliseconds.
 */
import type { DataSnapshotSummary } from "../../read-models/read-data-snapshots.ts";
import type { PartitionStatus } from "../../read-models/read-partition-status.ts";
import type { QuarantineCount } from "../../read-models/read-quarantine.ts";
import type { RegistryStanding } from "../../registry/read-model-standing.ts";
import type { ReleaseState } from "../../shared/release/release-state.ts";

/** Ingestion's side: partitions as last sampled, what was quarantined over [from, to), and the stream's clock. */
export type DataPathSnapshot = {
  readonly partitions: readonly PartitionStatus[];
  readonly quarantine: { readonly from: number; readonly to: number; readonly counts: readonly QuarantineCount[] };
  /** measurement/stream-clock.ts; null before any stream event was stored. */
  readonly streamClock: number | null;
};

/** The registry's standing and the newest training data snapshot. */
export type ModelsSnapshot = RegistryStanding & { readonly latestData: DataSnapshotSummary | null };

/** The release row shown: the active one, else the newest finished; a malformed state is a reason. */
export type ReleaseSnapshot =
  | { readonly ok: true; readonly state: ReleaseState; readonly updatedAt: number }
  | { readonly ok: false; readonly id: number; readonly reason: string };

/** The design half of an experiment (experiment_designs), when one was recorded. */
export type DesignSnapshot = {
  readonly key: string;
  readonly hypothesis: string;
  readonly startedAt: number | null;
  readonly stoppedAt: number | null;
};

/** Distinct users telemetry saw in one variant of one experiment over [from, to). */
export type VariantUsers = {
  readonly experiment: string;
  readonly variant: string;
  readonly users: number;
};

/** The window users were counted over for one experiment: its run, or the chart window without a design. */
export type CountWindow = {
  readonly experiment: string;
  readonly from: number;
  readonly to: number;
};

/** One bucket's counts: `total` judged, `good` of them available (or converted); `degraded` of the available answered from the fallback list (availability only). */
export type BucketCounts = {
  readonly start: number;
  readonly total: number;
  readonly good: number;
  readonly degraded?: number;
};

/** A chart's window [from, to) in buckets of `bucketMs`; buckets without data are absent. */
export type SeriesSnapshot = {
  readonly from: number;
  readonly to: number;
  readonly bucketMs: number;
  readonly buckets: readonly BucketCounts[];
};

/** Conversion buckets; those within `conversionWindowMs` of `streamEnd` may still gain conversions. */
export type ConversionSnapshot = SeriesSnapshot & {
  readonly streamEnd: number;
  readonly conversionWindowMs: number;
};

export type StatusSnapshot = {
  /** When the read started (the router's clock): the numbers are as of then. */
  readonly readAt: number;
  readonly dataPath: DataPathSnapshot;
  readonly models: ModelsSnapshot;
  readonly release: ReleaseSnapshot | null;
  readonly designs: readonly DesignSnapshot[];
  readonly windows: readonly CountWindow[];
  readonly variantUsers: readonly VariantUsers[];
  /** Over the router's wall clock. */
  readonly availability: SeriesSnapshot;
  /** Over the stream's clock (up to the newest recommendation event); null when there is none. */
  readonly conversion: ConversionSnapshot | null;
};

/** Reads a snapshot; throws when the database is unreachable (the cache keeps the last one). */
export type StatusReader = {
  read(request: { readonly now: number; readonly experiments: readonly string[] }): Promise<
    StatusSnapshot
  >;
};
