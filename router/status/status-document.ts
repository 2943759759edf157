/**
 * GET /status.json: the status page's view for scripts, as one versioned document. It is
 * the same view the page renders (buildStatusView), only spelled for machines: one key per
 * section, instants as epoch milliseconds (`_at_ms`), durations and ages in seconds
 * (`_s`), shares in [0, 1] (`_ratio`), counts as plain integers, and each unit in its
 * key's name. Ages are taken against `generated_at_ms`. A section the database has not
 * been read for yet is null (`data_path`, `models`); `database.state` says how fresh the
 * numbers are. Adding a key keeps `version`; renaming, removing or changing the meaning of
 * one makes a new version.
 *
 *   version            1
 *   generated_at_ms    when the router built the document
 *   database           { state: fresh|stale|missing, read_at_ms, text }
 *   data_path          { stall_window_s, partitions[], quarantine, stream_clock } | null
 *     partitions[]     { topic, partition, consumer_group, state: stalled|behind|caught_up|unmeasured,
 *                        stalled, lag_messages, next_offset, last_progress_at_ms, last_progress_age_s,
 *                        lag_since_ms, measured_at_ms, measured_age_s, detail }
 *                      `stalled` is measurement/partition-stall.ts's verdict at the last sample,
 *                      the definition the alert IngestPartitionStalled mirrors; false once the
 *                      sample is older than the stall window (state `unmeasured`)
 *     quarantine       { window_s, from_ms, to_ms, total, by_reason[]: { source, reason, count } }
 *                      records set aside by wall-clock time received, the last hour
 *     stream_clock     { stream_at_ms, wall_at_ms, ahead_s, text }: the stream's clock against the
 *                      router's wall clock (ahead_s < 0: behind)
 *   models             { production, last_refresh, last_training, gate_verdicts[] } | null
 *     production       { version, trained_at_ms, promoted_at_ms, age_s, data } | null
 *       data           { snapshot_id, rows, data_to_ms, data_age_s } | null: its training data
 *     last_refresh     { snapshot_id, at_ms, age_s, cutoff_at_ms, data_to_ms, rows } | null
 *     last_training    { version, trained_at_ms, age_s, status, gate_passed, outcome } | null
 *     gate_verdicts[]  { version, trained_at_ms, status, passed, metric, reasons[] }, newest first
 *   serving            { rules_version, default_pool, pools[], charts[] }
 *     pools[]          { name, model_version, default, workers[]: { url, health, detail } }
 *     charts[]         { id: availability|conversion, clock: router|stream, title, caption, summary,
 *                        empty, points[]: { start_ms, value_ratio, total, provisional } }
 *   releases           { state: none|unknown|invalid|active|finished, text, release } where release is
 *                      { id, phase, model_version, previous_version, step, reason, updated_at_ms,
 *                        decisions[]: { at_ms, event, transition, step, detail }, earlier_decisions } | null
 *   experiments        { running[]: { key, layer, coverage_ratio, hypothesis, started_at_ms, users_note,
 *                        variants[]: { key, weight_ratio, pool, users } } }
 *   alerts             { state: unconfigured|read|stale|missing, text, read_at_ms, firing[], pending[], omitted }
 *     firing[]         { name, severity, summary, labels, active_since_ms }; pending[] alike
 */
import { z } from "zod";
import type { StatusView } from "./status-view.ts";

export const STATUS_DOCUMENT_VERSION = 1;

const AtMs = z.number().int();
const Seconds = z.number().int();
const Ratio = z.number().min(0).max(1);
const Rows = z.record(z.string(), z.number().int().nonnegative());

const Partition = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  consumer_group: z.string(),
  state: z.enum(["stalled", "behind", "caught_up", "unmeasured"]),
  stalled: z.boolean(),
  lag_messages: z.number().int().nonnegative(),
  next_offset: z.number().int().nonnegative().nullable(),
  last_progress_at_ms: AtMs.nullable(),
  last_progress_age_s: Seconds.nullable(),
  lag_since_ms: AtMs.nullable(),
  measured_at_ms: AtMs,
  measured_age_s: Seconds,
  detail: z.string(),
});

const DataPath = z.object({
  stall_window_s: Seconds,
  partitions: z.array(Partition),
  quarantine: z.object({
    window_s: Seconds,
    from_ms: AtMs,
    to_ms: AtMs,
    total: z.number().int().nonnegative(),
    by_reason: z.array(z.object({ source: z.string(), reason: z.string(), count: z.number().int().nonnegative() })),
  }),
  stream_clock: z.object({ stream_at_ms: AtMs.nullable(), wall_at_ms: AtMs, ahead_s: Seconds.nullable(), text: z.string() }),
});

const Verdict = z.object({
  version: z.string(),
  trained_at_ms: AtMs,
  status: z.string(),
  passed: z.boolean().nullable(),
  metric: z.string().nullable(),
  reasons: z.array(z.string()),
});

const Models = z.object({
  production: z.object({
    version: z.string(),
    trained_at_ms: AtMs,
    promoted_at_ms: AtMs,
    age_s: Seconds,
    data: z.object({ snapshot_id: z.string(), rows: Rows, data_to_ms: AtMs.nullable(), data_age_s: Seconds.nullable() }).nullable(),
  }).nullable(),
  last_refresh: z.object({
    snapshot_id: z.string(),
    at_ms: AtMs,
    age_s: Seconds,
    cutoff_at_ms: AtMs.nullable(),
    data_to_ms: AtMs.nullable(),
    rows: Rows,
  }).nullable(),
  last_training: z.object({
    version: z.string(),
    trained_at_ms: AtMs,
    age_s: Seconds,
    status: z.string(),
    gate_passed: z.boolean().nullable(),
    outcome: z.string(),
  }).nullable(),
  gate_verdicts: z.array(Verdict),
});

const Chart = z.object({
  id: z.enum(["availability", "conversion"]),
  clock: z.enum(["router", "stream"]),
  title: z.string(),
  caption: z.string(),
  summary: z.string(),
  empty: z.string().nullable(),
  points: z.array(z.object({ start_ms: AtMs, value_ratio: Ratio.nullable(), total: z.number().int().nonnegative(), provisional: z.boolean() })),
});

const Serving = z.object({
  rules_version: z.number().int().nullable(),
  default_pool: z.string().nullable(),
  pools: z.array(z.object({
    name: z.string(),
    model_version: z.string(),
    default: z.boolean(),
    workers: z.array(z.object({ url: z.string(), health: z.enum(["up", "down", "ejected", "unchecked"]), detail: z.string() })),
  })),
  charts: z.array(Chart),
});

const Releases = z.object({
  state: z.enum(["none", "unknown", "invalid", "active", "finished"]),
  text: z.string().nullable(),
  release: z.object({
    id: z.number().int(),
    phase: z.string(),
    model_version: z.string(),
    previous_version: z.string().nullable(),
    step: z.number().int(),
    reason: z.string().nullable(),
    updated_at_ms: AtMs,
    decisions: z.array(z.object({ at_ms: AtMs, event: z.string(), transition: z.string(), step: z.number().int(), detail: z.string() })),
    earlier_decisions: z.number().int().nonnegative(),
  }).nullable(),
});

const Experiments = z.object({
  running: z.array(z.object({
    key: z.string(),
    layer: z.string(),
    coverage_ratio: Ratio,
    hypothesis: z.string().nullable(),
    started_at_ms: AtMs.nullable(),
    users_note: z.string(),
    variants: z.array(z.object({ key: z.string(), weight_ratio: Ratio, pool: z.string().nullable(), users: z.number().int().nonnegative().nullable() })),
  })),
});

const Alert = z.object({
  name: z.string(),
  severity: z.string().nullable(),
  summary: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  active_since_ms: AtMs.nullable(),
});

const Alerts = z.object({
  state: z.enum(["unconfigured", "read", "stale", "missing"]),
  text: z.string(),
  read_at_ms: AtMs.nullable(),
  firing: z.array(Alert),
  pending: z.array(Alert),
  omitted: z.number().int().nonnegative(),
});

/** The document GET /status.json answers (see the key list above). */
export const StatusDocument = z.object({
  version: z.literal(STATUS_DOCUMENT_VERSION),
  generated_at_ms: AtMs,
  database: z.object({ state: z.enum(["fresh", "stale", "missing"]), read_at_ms: AtMs.nullable(), text: z.string() }),
  data_path: DataPath.nullable(),
  models: Models.nullable(),
  serving: Serving,
  releases: Releases,
  experiments: Experiments,
  alerts: Alerts,
});
export type StatusDocument = z.infer<typeof StatusDocument>;

/** Milliseconds as whole seconds. */
const seconds = (ms: number) => Math.round(ms / 1000);
const ms = (t: number) => Math.round(t);
const msOrNull = (t: number | null) => (t === null ? null : Math.round(t));

/** The document of `view`: the same data, in the document's names and units. */
export function buildStatusDocument(view: StatusView): StatusDocument {
  const now = view.generatedAt;
  const age = (at: number) => seconds(now - at);
  return {
    version: STATUS_DOCUMENT_VERSION,
    generated_at_ms: ms(now),
    database: { state: view.data.kind, read_at_ms: msOrNull(view.data.readAt), text: view.data.text },
    data_path: view.dataPath && {
      stall_window_s: seconds(view.dataPath.stallWindowMs),
      partitions: view.dataPath.partitions.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        consumer_group: p.consumer,
        state: p.state,
        stalled: p.state === "stalled",
        lag_messages: p.lag,
        next_offset: p.nextOffset,
        last_progress_at_ms: msOrNull(p.lastProgressAt),
        last_progress_age_s: p.lastProgressAt === null ? null : age(p.lastProgressAt),
        lag_since_ms: msOrNull(p.lagSince),
        measured_at_ms: ms(p.measuredAt),
        measured_age_s: age(p.measuredAt),
        detail: p.detail,
      })),
      quarantine: {
        window_s: seconds(view.dataPath.quarantine.to - view.dataPath.quarantine.from),
        from_ms: ms(view.dataPath.quarantine.from),
        to_ms: ms(view.dataPath.quarantine.to),
        total: view.dataPath.quarantine.total,
        by_reason: view.dataPath.quarantine.counts.map((c) => ({ source: c.source, reason: c.reason, count: c.count })),
      },
      stream_clock: {
        stream_at_ms: msOrNull(view.dataPath.clock.streamAt),
        wall_at_ms: ms(view.dataPath.clock.wallAt),
        ahead_s: view.dataPath.clock.aheadMs === null ? null : seconds(view.dataPath.clock.aheadMs),
        text: view.dataPath.clock.text,
      },
    },
    models: view.models && modelsDocument(view.models, age),
    serving: {
      rules_version: view.rulesVersion,
      default_pool: view.defaultPool,
      pools: view.pools.map((p) => ({
        name: p.name,
        model_version: p.modelVersion,
        default: p.isDefault,
        workers: p.urls.map((u) => ({ url: u.url, health: u.health, detail: u.detail })),
      })),
      charts: view.charts.map((c) => ({
        id: c.id,
        clock: c.clock,
        title: c.title,
        caption: c.caption,
        summary: c.summary,
        empty: c.empty,
        points: c.points.map((p) => ({ start_ms: ms(p.start), value_ratio: p.value, total: p.total, provisional: p.provisional })),
      })),
    },
    releases: releasesDocument(view.release),
    experiments: {
      running: view.experiments.map((e) => ({
        key: e.key,
        layer: e.layer,
        coverage_ratio: e.coverage,
        hypothesis: e.hypothesis,
        started_at_ms: msOrNull(e.startedAt),
        users_note: e.usersNote,
        variants: e.variants.map((v) => ({ key: v.key, weight_ratio: v.weight, pool: v.pool, users: v.users })),
      })),
    },
    alerts: alertsDocument(view.alerts),
  };
}

function modelsDocument(m: NonNullable<StatusView["models"]>, age: (at: number) => number): StatusDocument["models"] {
  return {
    production: m.production && {
      version: m.production.version,
      trained_at_ms: ms(m.production.trainedAt),
      promoted_at_ms: ms(m.production.promotedAt),
      age_s: age(m.production.trainedAt),
      data: m.production.data && {
        snapshot_id: m.production.data.snapshotId,
        rows: { ...m.production.data.rows },
        data_to_ms: msOrNull(m.production.data.to),
        data_age_s: m.production.data.to === null ? null : age(m.production.data.to),
      },
    },
    last_refresh: m.lastRefresh && {
      snapshot_id: m.lastRefresh.snapshotId,
      at_ms: ms(m.lastRefresh.at),
      age_s: age(m.lastRefresh.at),
      cutoff_at_ms: msOrNull(m.lastRefresh.cutoff),
      data_to_ms: msOrNull(m.lastRefresh.dataTo),
      rows: { ...m.lastRefresh.rows },
    },
    last_training: m.lastTraining && {
      version: m.lastTraining.version,
      trained_at_ms: ms(m.lastTraining.trainedAt),
      age_s: age(m.lastTraining.trainedAt),
      status: m.lastTraining.status,
      gate_passed: m.lastTraining.passed,
      outcome: m.lastTraining.outcome,
    },
    gate_verdicts: m.verdicts.map((v) => ({
      version: v.version,
      trained_at_ms: ms(v.trainedAt),
      status: v.status,
      passed: v.passed,
      metric: v.metric,
      reasons: [...v.reasons],
    })),
  };
}

function releasesDocument(release: StatusView["release"]): StatusDocument["releases"] {
  if (release.kind !== "release") return { state: release.kind, text: release.text, release: null };
  return {
    state: release.active ? "active" : "finished",
    text: null,
    release: {
      id: release.id,
      phase: release.phase,
      model_version: release.modelVersion,
      previous_version: release.previousVersion,
      step: release.step,
      reason: release.reason,
      updated_at_ms: ms(release.updatedAt),
      decisions: release.decisions.map((d) => ({ at_ms: ms(d.at), event: d.event, transition: d.transition, step: d.step, detail: d.detail })),
      earlier_decisions: release.earlierDecisions,
    },
  };
}

function alertsDocument(alerts: StatusView["alerts"]): StatusDocument["alerts"] {
  if (alerts.kind === "unconfigured") return { state: "unconfigured", text: alerts.text, read_at_ms: null, firing: [], pending: [], omitted: 0 };
  const alert = (a: (typeof alerts.firing)[number]) => ({
    name: a.name,
    severity: a.severity,
    summary: a.summary,
    labels: { ...a.labels },
    active_since_ms: msOrNull(a.activeSince),
  });
  return {
    state: alerts.kind,
    text: alerts.text,
    read_at_ms: msOrNull(alerts.readAt),
    firing: alerts.firing.map(alert),
    pending: alerts.pending.map(alert),
    omitted: alerts.omitted,
  };
}
