/**
 * What the status page renders and /status.json serves: plain data built by
 * buildStatusView. Instants are epoch milliseconds and durations milliseconds (the page
 * formats them); prose the page shows as it is (details, notes, captions) is text.
 */
import type { PrometheusAlert } from "./prometheus-alerts.ts";

export type UpstreamHealthLabel = "up" | "down" | "ejected" | "unchecked";

export type PoolView = {
  readonly name: string;
  readonly modelVersion: string;
  readonly isDefault: boolean;
  readonly urls: readonly { url: string; health: UpstreamHealthLabel; detail: string }[];
};

export type DecisionView = {
  readonly at: number;
  readonly event: string;
  readonly transition: string;
  readonly step: number;
  readonly detail: string;
};

export type ReleaseView =
  | { readonly kind: "none" | "unknown" | "invalid"; readonly text: string }
  | {
    readonly kind: "release";
    readonly id: number;
    /** Whether it still runs; else it is the last finished one. */
    readonly active: boolean;
    readonly phase: string;
    readonly modelVersion: string;
    readonly previousVersion: string | null;
    readonly step: number;
    readonly reason: string | null;
    readonly updatedAt: number;
    /** Newest first, at most MAX_DECISIONS. */
    readonly decisions: readonly DecisionView[];
    readonly earlierDecisions: number;
  };

export type ExperimentView = {
  readonly key: string;
  readonly layer: string;
  readonly coverage: number;
  readonly hypothesis: string | null;
  readonly startedAt: number | null;
  /** Over which window `users` were counted, or why there are no numbers. */
  readonly usersNote: string;
  readonly variants: readonly {
    key: string;
    weight: number;
    pool: string | null;
    users: number | null;
  }[];
};

export type ChartPoint = {
  readonly start: number;
  readonly label: string;
  /** Share in [0, 1]; null for a bucket without data. */
  readonly value: number | null;
  readonly total: number;
  /** The bucket may still change (conversions can yet arrive). */
  readonly provisional: boolean;
};

export type ChartView = {
  readonly id: "availability" | "conversion";
  /** Which clock its buckets follow: the router's wall clock, or the stream's own. */
  readonly clock: "router" | "stream";
  readonly title: string;
  readonly caption: string;
  readonly points: readonly ChartPoint[];
  /** Why nothing is drawn, or null when there are points. */
  readonly empty: string | null;
  readonly summary: string;
};

/**
 * How a sampled partition stands: `stalled` by measurement/partition-stall.ts, else
 * `behind` (lag, moving or not yet long enough to judge) or `caught_up`; `unmeasured` when
 * its last sample is older than the stall window (ingestion stopped sampling it).
 */
export type PartitionState = "stalled" | "behind" | "caught_up" | "unmeasured";

export type PartitionView = {
  readonly topic: string;
  readonly partition: number;
  readonly consumer: string;
  readonly state: PartitionState;
  /** Messages waiting, as of `measuredAt`. */
  readonly lag: number;
  readonly nextOffset: number | null;
  /** When an applied batch last moved its checkpoint; null before its first. */
  readonly lastProgressAt: number | null;
  /** Since when it has had lag without a break; null when it has none. */
  readonly lagSince: number | null;
  readonly measuredAt: number;
  /** One line for the page: what the state means for this partition. */
  readonly detail: string;
};

export type QuarantineView = {
  readonly from: number;
  readonly to: number;
  readonly total: number;
  readonly counts: readonly { readonly source: string; readonly reason: string; readonly count: number }[];
};

export type StreamClockView = {
  /** The stream's clock (measurement/stream-clock.ts); null before any stream event was stored. */
  readonly streamAt: number | null;
  /** The router's wall clock when the database was read. */
  readonly wallAt: number;
  /** Stream minus wall clock: positive when the stream runs ahead (a sped-up simulation). */
  readonly aheadMs: number | null;
  readonly text: string;
};

export type DataPathView = {
  /** The stall definition's window (measurement/partition-stall.ts). */
  readonly stallWindowMs: number;
  readonly partitions: readonly PartitionView[];
  /** Why no partition is listed, or null. */
  readonly partitionsNote: string | null;
  readonly quarantine: QuarantineView;
  readonly clock: StreamClockView;
};

/** The offline gate's verdict on one model; `passed` null when none was recorded. */
export type GateVerdictView = {
  readonly version: string;
  readonly trainedAt: number;
  readonly status: string;
  readonly passed: boolean | null;
  readonly metric: string | null;
  readonly reasons: readonly string[];
};

export type ModelsView = {
  readonly production: {
    readonly version: string;
    readonly trainedAt: number;
    /** When it became production (its status last changed). */
    readonly promotedAt: number;
    /** Its training data: the snapshot id, rows, and the newest event time in it. */
    readonly data: { readonly snapshotId: string; readonly rows: Readonly<Record<string, number>>; readonly to: number | null } | null;
  } | null;
  /** The newest training data snapshot: when the data was last refreshed. */
  readonly lastRefresh: {
    readonly snapshotId: string;
    readonly at: number;
    readonly cutoff: number | null;
    readonly dataTo: number | null;
    readonly rows: Readonly<Record<string, number>>;
  } | null;
  /** The newest registered model: the last training that got as far as the registry, and how it ended. */
  readonly lastTraining: GateVerdictView & { readonly outcome: string } | null;
  /** The newest models, newest first. */
  readonly verdicts: readonly GateVerdictView[];
};

/** An alert as Prometheus reported it, without the sample value the page does not show. */
export type AlertView = Omit<PrometheusAlert, "value">;

export type AlertsView =
  | { readonly kind: "unconfigured"; readonly text: string }
  | {
    readonly kind: "read" | "stale" | "missing";
    readonly text: string;
    /** When Prometheus was last read; null when it never was. */
    readonly readAt: number | null;
    readonly firing: readonly AlertView[];
    readonly pending: readonly AlertView[];
    readonly omitted: number;
  };

export type StatusView = {
  readonly generatedAt: number;
  readonly rulesVersion: number | null;
  readonly pools: readonly PoolView[];
  readonly defaultPool: string | null;
  readonly release: ReleaseView;
  readonly experiments: readonly ExperimentView[];
  readonly charts: readonly ChartView[];
  /** Null until the database was read once. */
  readonly dataPath: DataPathView | null;
  /** Null until the database was read once. */
  readonly models: ModelsView | null;
  readonly alerts: AlertsView;
  /** How fresh the database numbers are. */
  readonly data: {
    readonly kind: "fresh" | "stale" | "missing";
    readonly text: string;
    /** When the numbers shown were read; null when none were. */
    readonly readAt: number | null;
  };
};
