/** What the status page renders: plain, formatted data, built by buildStatusView. */

export type UpstreamHealthLabel = "up" | "down" | "ejected" | "unchecked";

export type PoolView = {
  readonly name: string;
  readonly modelVersion: string;
  readonly isDefault: boolean;
  readonly urls: readonly { url: string; health: UpstreamHealthLabel; detail: string }[];
};

export type DecisionView = {
  readonly at: string;
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
    readonly updatedAt: string;
    /** Newest first, at most MAX_DECISIONS. */
    readonly decisions: readonly DecisionView[];
    readonly earlierDecisions: number;
  };

export type ExperimentView = {
  readonly key: string;
  readonly layer: string;
  readonly coverage: number;
  readonly hypothesis: string | null;
  readonly startedAt: string | null;
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
  readonly title: string;
  readonly caption: string;
  readonly points: readonly ChartPoint[];
  /** Why nothing is drawn, or null when there are points. */
  readonly empty: string | null;
  readonly summary: string;
};

export type StatusView = {
  readonly generatedAt: string;
  readonly rulesVersion: number | null;
  readonly pools: readonly PoolView[];
  readonly defaultPool: string | null;
  readonly release: ReleaseView;
  readonly experiments: readonly ExperimentView[];
  readonly charts: readonly ChartView[];
  /** How fresh the database numbers are. */
  readonly data: { readonly kind: "fresh" | "stale" | "missing"; readonly text: string };
};
