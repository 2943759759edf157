/**
 * The status page's view model, pure: the router's in-memory state (rules, upstream
 * health), the cached database snapshot and the cached Prometheus alerts in, the data the
 * page and /status.json show out. The data path, models and alerts sections are built in
 * their own modules.
 */
import { isTerminalPhase } from "../../shared/release/release-state.ts";
import type { RuleSet } from "../../shared/rules/index.ts";
import { isJudgedUntil } from "../../measurement/judged-period.ts";
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import type { UpstreamState } from "../upstream-health.ts";
import { buildAlertsView } from "./build-alerts-view.ts";
import { buildDataPathView } from "./build-data-path-view.ts";
import { buildModelsView } from "./build-models-view.ts";
import { formatTime } from "./format-time.ts";
import type { AlertsSnapshot } from "./prometheus-alerts.ts";
import type { ReadCacheState, StatusCacheState } from "./status-cache.ts";
import type { ConversionSnapshot, SeriesSnapshot, StatusSnapshot } from "./status-snapshot.ts";
import type {
  ChartPoint,
  ChartView,
  ExperimentView,
  PoolView,
  ReleaseView,
  StatusView,
  UpstreamHealthLabel,
} from "./status-view.ts";

export const MAX_DECISIONS = 20;

export type StatusInput = {
  readonly now: number;
  readonly rules: RuleSet | null;
  readonly upstreams: readonly UpstreamState[];
  readonly cache: StatusCacheState;
  /** The cached alerts; null when no Prometheus is configured. */
  readonly alerts: ReadCacheState<AlertsSnapshot> | null;
};

/** Builds everything the page shows from `input`. */
export function buildStatusView(input: StatusInput): StatusView {
  const { snapshot } = input.cache;
  return {
    generatedAt: input.now,
    rulesVersion: input.rules?.version ?? null,
    pools: poolViews(input),
    defaultPool: input.rules?.defaultPool ?? null,
    release: releaseView(snapshot),
    experiments: experimentViews(input.rules, snapshot),
    charts: [availabilityChart(snapshot?.availability ?? null), conversionChart(snapshot)],
    dataPath: snapshot && buildDataPathView(snapshot.dataPath, snapshot.readAt, input.now),
    models: snapshot && buildModelsView(snapshot.models),
    alerts: buildAlertsView(input.alerts),
    data: dataFreshness(input.cache),
  };
}

function poolViews({ rules, upstreams, now }: StatusInput): PoolView[] {
  if (!rules) return [];
  const byUrl = new Map(upstreams.map((s) => [s.url, s]));
  return Object.entries(rules.pools)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, pool]) => ({
      name,
      modelVersion: pool.modelVersion,
      isDefault: name === rules.defaultPool,
      urls: pool.urls.map((url) => ({ url, ...upstreamHealth(byUrl.get(url), now) })),
    }));
}

/** One worker's standing as upstream-health.ts decides availability. */
export function upstreamHealth(
  state: UpstreamState | undefined,
  now: number,
): { health: UpstreamHealthLabel; detail: string } {
  if (state && now < state.ejectedUntil) {
    return { health: "ejected", detail: `ejected until ${formatTime(state.ejectedUntil)}` };
  }
  if (!state || state.ready === null) return { health: "unchecked", detail: "not checked yet" };
  if (!state.ready) return { health: "down", detail: "last /readyz check failed" };
  const failures = state.failures === 1 ? "1 failed request" : `${state.failures} failed requests`;
  return { health: "up", detail: state.failures > 0 ? `ready; ${failures} in a row` : "ready" };
}

function releaseView(snapshot: StatusSnapshot | null): ReleaseView {
  if (!snapshot) return { kind: "unknown", text: "Not read from the database yet." };
  const release = snapshot.release;
  if (!release) return { kind: "none", text: "No release has run yet." };
  if (!release.ok) return { kind: "invalid", text: `Release ${release.id}: ${release.reason}` };
  const { state } = release;
  const newestFirst = [...state.history].reverse();
  return {
    kind: "release",
    id: state.id,
    active: !isTerminalPhase(state.phase),
    phase: state.phase,
    modelVersion: state.modelVersion,
    previousVersion: state.previousVersion,
    step: state.step,
    reason: state.reason,
    updatedAt: release.updatedAt,
    decisions: newestFirst.slice(0, MAX_DECISIONS).map((d) => ({
      at: d.at,
      event: d.event,
      transition: d.from === d.to ? d.to : `${d.from} → ${d.to}`,
      step: d.step,
      detail: d.detail,
    })),
    earlierDecisions: Math.max(0, newestFirst.length - MAX_DECISIONS),
  };
}

function experimentViews(rules: RuleSet | null, snapshot: StatusSnapshot | null): ExperimentView[] {
  if (!rules) return [];
  return rules.experiments.filter((e) => e.status === "running").map((experiment) => {
    const design = snapshot?.designs.find((d) => d.key === experiment.key) ?? null;
    const window = snapshot?.windows.find((w) => w.experiment === experiment.key) ?? null;
    const users = (variant: string) =>
      window
        ? (snapshot?.variantUsers.find((u) =>
          u.experiment === experiment.key && u.variant === variant
        )?.users ?? 0)
        : null;
    const usersNote = !window
      ? "No numbers yet: the experiment started after the last database read."
      : design?.startedAt != null
      ? `Users since the start, ${formatTime(window.from)}.`
      : `No start time recorded: users since ${formatTime(window.from)}.`;
    const [layer, start, end] = experiment.namespace ?? [null, 0, 1];
    return {
      key: experiment.key,
      layer: layer === null ? "(no layer)" : `${layer} [${start}, ${end})`,
      coverage: experiment.coverage,
      hypothesis: design?.hypothesis ?? null,
      startedAt: design?.startedAt ?? null,
      usersNote,
      variants: experiment.variants.map((v) => ({
        key: v.key,
        weight: v.weight,
        pool: v.pool ?? null,
        users: users(v.key),
      })),
    };
  });
}

/** One point per bucket of the window; buckets the database had no rows for have no value. */
export function chartPoints(
  series: SeriesSnapshot,
  provisional: (start: number) => boolean = () => false,
): ChartPoint[] {
  const byStart = new Map(series.buckets.map((b) => [b.start, b]));
  const points: ChartPoint[] = [];
  for (let start = series.from; start < series.to; start += series.bucketMs) {
    const bucket = byStart.get(start);
    points.push({
      start,
      label: formatTime(start),
      value: bucket && bucket.total > 0 ? bucket.good / bucket.total : null,
      total: bucket?.total ?? 0,
      provisional: provisional(start),
    });
  }
  return points;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** The share over every point with data (only the judged ones when `judged` is given). */
function overall(series: SeriesSnapshot, judged: (start: number) => boolean = () => true): string {
  const buckets = series.buckets.filter((b) => judged(b.start));
  const total = buckets.reduce((n, b) => n + b.total, 0);
  const good = buckets.reduce((n, b) => n + b.good, 0);
  const degraded = buckets.reduce((n, b) => n + (b.degraded ?? 0), 0);
  if (total === 0) return "no data";
  return `${percent(good / total)} of ${total}` + (degraded > 0 ? ` (${degraded} degraded: fallback list)` : "");
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
const hours = (series: SeriesSnapshot) => `${Math.round((series.to - series.from) / 3_600_000)} h`;

function availabilityChart(series: SeriesSnapshot | null): ChartView {
  const base = {
    id: "availability" as const,
    clock: "router" as const,
    title: "Available (answered in time)",
    caption: `Share of requests answered 200 within the site's ${SITE_CLIENT_TIMEOUT_MS} ms timeout, ` +
      "fallback answers included (counted as degraded), per bucket of the router's clock.",
  };
  if (!series) return { ...base, points: [], empty: "Not read yet.", summary: "" };
  const points = chartPoints(series);
  return {
    ...base,
    caption: `${base.caption} Last ${hours(series)} in ${minutes(series.bucketMs)} buckets, ` +
      `${formatTime(series.from)} to ${formatTime(series.to)}.`,
    points,
    empty: series.buckets.length === 0 ? "No telemetry in the window." : null,
    summary: `Overall: ${overall(series)} requests.`,
  };
}

function conversionChart(snapshot: StatusSnapshot | null): ChartView {
  const base = {
    id: "conversion" as const,
    clock: "stream" as const,
    title: "Conversion",
    caption: "Share of recommendations the site logged (200) whose recommended movie started " +
      "within the conversion window, per bucket of the stream's own clock.",
  };
  if (!snapshot) return { ...base, points: [], empty: "Not read yet.", summary: "" };
  const series: ConversionSnapshot | null = snapshot.conversion;
  if (!series) return { ...base, points: [], empty: "No recommendation events.", summary: "" };
  // A bucket is complete once the stream has run a whole window past its end.
  const open = (start: number) => !isJudgedUntil(start + series.bucketMs, series.streamEnd, series.conversionWindowMs);
  return {
    ...base,
    caption: `${base.caption} Window ${minutes(series.conversionWindowMs)}; last ` +
      `${hours(series)} of the stream up to its clock at ${formatTime(series.streamEnd)}, ` +
      `in ${minutes(series.bucketMs)} buckets. Hollow points may still gain conversions; the overall figure counts judged buckets only.`,
    points: chartPoints(series, open),
    empty: series.buckets.length === 0 ? "No recommendations in the window." : null,
    summary: `Overall: ${overall(series, (start) => !open(start))} judged recommendations.`,
  };
}

function dataFreshness({ snapshot, failure, refreshing }: StatusCacheState): StatusView["data"] {
  if (!snapshot) {
    const text = failure
      ? `The database could not be read (${failure.error}): no numbers yet.`
      : refreshing
      ? "Reading the database: no numbers yet."
      : "No numbers yet.";
    return { kind: "missing", text, readAt: null };
  }
  const readAt = formatTime(snapshot.readAt);
  if (failure) {
    return {
      kind: "stale",
      text: `The database could not be read at ${formatTime(failure.at)} (${failure.error}): showing the numbers read at ${readAt}.`,
      readAt: snapshot.readAt,
    };
  }
  return { kind: "fresh", text: `Numbers read from the database at ${readAt}.`, readAt: snapshot.readAt };
}
