/**
 * The monitoring the team checks in, validated statically (no Docker engine here):
 * every metric an alert or a dashboard panel queries is exported by the code (read
 * from the real metric registries) or recorded by a rule checked in, with the labels
 * it filters on; the required alerts exist and are complete; the stalled-partition
 * record matches its definition in code; rule files are loaded and mounted;
 * dashboards are uniquely identified and use the provisioned data source.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Registry } from "prom-client";
import { parse } from "yaml";
import { createRouterMetrics } from "../../router/router-metrics.ts";
import { loadIngestConfig } from "../../ingest/config.ts";
import { createIngestMetrics } from "../../ingest/ingest-metrics.ts";
import { PARTITION_STALL_WINDOW_MS, PARTITION_STALLED_RECORD } from "../../measurement/partition-stall.ts";
import { createWorkerMetrics } from "../../workers/http/worker-metrics.ts";

const ROOT = join(import.meta.dir, "../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

type Rule = { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
type Panel = { title?: string; type?: string; datasource?: { uid?: string }; targets?: { expr?: string }[]; panels?: Panel[] };
type Dashboard = { uid: string; title: string; panels: Panel[] };

const compose = parse(read("compose.yaml"), { merge: true }) as {
  services: Record<string, { volumes?: string[]; build?: { dockerfile?: string }; environment?: Record<string, unknown> }>;
};
const prometheus = parse(read("ops/prometheus/prometheus.yml")) as {
  rule_files?: string[];
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
};
const ALERTS_PATH = "ops/prometheus/alerts.yml";
const alerts = parse(read(ALERTS_PATH)) as { groups: { name: string; rules: Rule[] }[] };
const rules = alerts.groups.flatMap((g) => g.rules);
const ingestDashboard = "ingest.json";
const DASHBOARD_DIR = "ops/grafana/dashboards";
const dashboards = readdirSync(join(ROOT, DASHBOARD_DIR)).filter((f) => f.endsWith(".json"))
  .map((file) => ({ file, dashboard: JSON.parse(read(join(DASHBOARD_DIR, file))) as Dashboard }));
const panelsOf = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);

/** Series names the code exports, with their label names (histograms expand to _bucket, _sum, _count). */
function exportedSeries(): Map<string, Set<string>> {
  const registries: Registry[] = [
    createRouterMetrics(() => [], () => 0).registry,
    createWorkerMetrics().registry,
    createIngestMetrics().registry,
  ];
  const out = new Map<string, Set<string>>();
  for (const registry of registries) {
    for (const metric of registry.getMetricsAsArray()) {
      const { name, labelNames = [] } = metric as unknown as { name: string; labelNames?: string[] };
      const type = (metric as unknown as { type?: string }).type ?? "";
      const labels = new Set(["instance", "job", ...labelNames]);
      if (type === "histogram") {
        out.set(`${name}_bucket`, new Set([...labels, "le"]));
        out.set(`${name}_sum`, labels);
        out.set(`${name}_count`, labels);
      } else {
        out.set(name, labels);
      }
    }
  }
  return out;
}

/**
 * Series the rules record, with their label names: those of the first series the
 * expression selects (a record here filters and joins, it never aggregates labels away).
 */
function recordedSeries(exported: Map<string, Set<string>>): Map<string, Set<string>> {
  return new Map(rules.filter((r) => r.record).map((r) => [r.record!, exported.get(selectorsOf(r.expr)[0]?.name ?? "") ?? new Set<string>()]));
}

/** Every range and offset duration written in `expr`, in milliseconds. */
function durationsOf(expr: string): number[] {
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  return [...expr.matchAll(/(?:\[|\boffset\s+)(\d+)([smhd])\b/g)].map((m) => Number(m[1]) * unit[m[2] as keyof typeof unit]);
}

const PROMQL_KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset"]);

/** The series selectors of a PromQL expression: metric names and the label names each filters on. */
function selectorsOf(expr: string): { name: string; labels: string[] }[] {
  const found: { name: string; labels: string[] }[] = [];
  // Selectors with matchers first, then drop matchers, ranges, strings, grouping clauses, offsets and numbers.
  let rest = expr.replace(/([a-zA-Z_:][\w:]*)?\s*\{([^}]*)\}/g, (_, name: string | undefined, matchers: string) => {
    const labels = [...matchers.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]);
    if (name && !PROMQL_KEYWORDS.has(name)) found.push({ name, labels });
    return " ";
  });
  rest = rest
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\boffset\s+-?\d+[smhdwy]/g, " ")
    .replace(/\$\w+/g, " ")
    .replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, " ");
  for (const match of rest.matchAll(/[a-zA-Z_:][\w:]*(?!\s*\()/g)) {
    // The lookahead fails on the last letter of a function name, so check the whole word.
    const after = rest.slice(match.index! + match[0].length);
    if (/^[\w:]/.test(after) || /^\s*\(/.test(after) || PROMQL_KEYWORDS.has(match[0])) continue;
    found.push({ name: match[0], labels: [] });
  }
  return found;
}

/** Every expression checked in: alert rules and dashboard panel targets, with where it comes from. */
const expressions = [
  ...rules.map((r) => ({ where: `${ALERTS_PATH} ${r.alert ?? r.record}`, expr: r.expr })),
  ...dashboards.flatMap(({ file, dashboard }) =>
    panelsOf(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `${file} "${p.title}"`, expr: t.expr ?? "" })))
  ),
];

describe("monitoring", () => {
  test("selectorsOf() finds metric names and matcher labels, skipping functions, clauses and offsets", () => {
    const expr = 'sum by (version) (rate(a_total{source="model", x!~"y"}[1h] offset 1d) * on (instance) group_left (version) b_info) / histogram_quantile(0.99, c_bucket) > 0.3 and d';
    expect(selectorsOf(expr)).toEqual([
      { name: "a_total", labels: ["source", "x"] },
      { name: "b_info", labels: [] },
      { name: "c_bucket", labels: [] },
      { name: "d", labels: [] },
    ]);
  });

  test("durationsOf() finds range and offset durations in milliseconds", () => {
    expect(durationsOf("a[5m] and b offset 1h unless changes(c[30s])")).toEqual([300_000, 3_600_000, 30_000]);
  });

  test("queries only metrics the code exports or a rule records, with labels those metrics have", () => {
    const exported = exportedSeries();
    const series = new Map([...exported, ...recordedSeries(exported)]);
    expect(series.has("router_request_duration_seconds_bucket") && series.has("ingest_consumer_lag")).toBe(true);
    expect([...series.get("recommendation_conversion_ratio") ?? []]).toContain("model_version");
    expect([...series.get("recommendation_conversion_lists") ?? []]).toContain("model_version");
    for (const name of ["ingest_partition_next_offset", "ingest_partition_progress_time_seconds", PARTITION_STALLED_RECORD]) {
      expect({ name, labels: [...series.get(name) ?? []].sort() }).toEqual({ name, labels: ["instance", "job", "partition", "topic"] });
    }
    expect([...series.get("ingest_rejected_total") ?? []].sort()).toEqual(["instance", "job", "reason", "topic"]);
    expect(expressions.length).toBeGreaterThan(20);
    for (const { where, expr } of expressions) {
      const selectors = selectorsOf(expr);
      expect({ where, expr, selects: selectors.length > 0 || /^vector\(/.test(expr) }).toEqual({ where, expr, selects: true });
      for (const { name, labels } of selectors) {
        expect({ where, name, exported: series.has(name) }).toEqual({ where, name, exported: true });
        const unknown = labels.filter((l) => !series.get(name)?.has(l));
        expect({ where, name, unknownLabels: unknown }).toEqual({ where, name, unknownLabels: [] });
      }
    }
  });

  test("defines the required alerts, each with for, severity and a one-line summary", () => {
    const byName = new Map(rules.filter((r) => r.alert).map((r) => [r.alert!, r]));
    const required = ["RouterAvailabilityLow", "RouterLatencyP99High", "ConversionDropAgainstYesterday", "IngestLagGrowing", "IngestPartitionStalled"];
    expect(required.filter((name) => !byName.has(name))).toEqual([]);
    for (const rule of byName.values()) {
      expect({ alert: rule.alert, for: /^\d+[smh]$/.test(rule.for ?? "") }).toEqual({ alert: rule.alert, for: true });
      expect({ alert: rule.alert, severity: ["page", "ticket"].includes(rule.labels?.severity ?? "") }).toEqual({ alert: rule.alert, severity: true });
      const summary = rule.annotations?.summary ?? "";
      expect({ alert: rule.alert, summary: summary.length > 0 && !summary.includes("\n") }).toEqual({ alert: rule.alert, summary: true });
    }
    expect(byName.get("RouterAvailabilityLow")!.expr).toMatch(/\[10m\][\s\S]*< 0\.999/);
    // measurement/availability: a fallback answer is available (degraded, alerted apart), and refusals are not counted.
    expect(byName.get("RouterAvailabilityLow")!.expr).not.toContain("router_fallbacks_total");
    expect(byName.get("RouterAvailabilityLow")!.expr).toContain('router_requests_total{status!~"4.."}');
    expect(byName.get("RouterDegradedHigh")!.expr).toMatch(/router_fallbacks_total[\s\S]*\/[\s\S]*router_requests_total\{status!~"4\.\."\}/);
    expect(byName.get("RouterLatencyP99High")!.expr).toMatch(/histogram_quantile\(0\.99,[\s\S]*\[5m\][\s\S]*> 0\.3\b/);
    expect(byName.has("PersonalisedAnswerShareDrop")).toBe(false);
    const conversion = byName.get("ConversionDropAgainstYesterday")!;
    expect(conversion.expr).toMatch(/recommendation_conversion_ratio[\s\S]*< 0\.8 \*[\s\S]*recommendation_conversion_ratio offset 1d/);
    expect(conversion.expr).toMatch(/sum\(recommendation_conversion_lists\) >= \d+[\s\S]*sum\(recommendation_conversion_lists offset 1d\) >= \d+/);
    expect({ for: conversion.for, severity: conversion.labels?.severity }).toEqual({ for: "30m", severity: "ticket" });
    expect(byName.get("IngestLagGrowing")!.expr).toMatch(/ingest_consumer_lag > \d+ and deriv\(ingest_consumer_lag\[10m\]\) > 0/);
    const stalled = byName.get("IngestPartitionStalled")!;
    expect({ expr: stalled.expr.trim(), severity: stalled.labels?.severity }).toEqual({ expr: PARTITION_STALLED_RECORD, severity: "page" });
    expect(stalled.annotations?.summary).toMatch(/\{\{ \$labels\.topic \}\}[\s\S]*\{\{ \$labels\.partition \}\}/);
  });

  test("records stalled partitions once, as measurement/partition-stall.ts defines them: lag throughout the window, however small, and an unmoved checkpoint", () => {
    const group = alerts.groups.find((g) => g.rules.some((r) => r.record === PARTITION_STALLED_RECORD))!;
    const record = group.rules.find((r) => r.record === PARTITION_STALLED_RECORD)!;
    expect(rules.filter((r) => r.record === PARTITION_STALLED_RECORD).length).toBe(1);
    const expr = record.expr.replace(/\s+/g, " ").trim();
    // Lag in every sample of the window and in the sample a window ago; any lag counts.
    expect(expr).toMatch(/^ingest_consumer_lag and min_over_time\(ingest_consumer_lag\[\w+\]\) > 0 and ingest_consumer_lag offset \w+ > 0 /);
    // A partition whose checkpoint moved in the window is not stalled; one with no checkpoint series is.
    expect(expr).toMatch(/ unless changes\(ingest_partition_next_offset\[\w+\]\) > 0$/);
    expect(durationsOf(expr)).toEqual([PARTITION_STALL_WINDOW_MS, PARTITION_STALL_WINDOW_MS, PARTITION_STALL_WINDOW_MS]);
    // Rules of a group run in order: the alert reads this evaluation's record, not the last one.
    const names = group.rules.map((r) => r.record ?? r.alert);
    expect(names.indexOf(PARTITION_STALLED_RECORD)).toBeLessThan(names.indexOf("IngestPartitionStalled"));
    expect(rules.filter((r) => r.alert && r.expr.includes(PARTITION_STALLED_RECORD)).map((r) => r.alert)).toEqual(["IngestPartitionStalled"]);
  });

  test("shows quarantines by source and reason, per-partition progress and stalled partitions on the ingestion dashboard", () => {
    const targets = panelsOf(dashboards.find((d) => d.file === ingestDashboard)!.dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ""));
    const shows = (pattern: RegExp) => targets.some((expr) => pattern.test(expr));
    expect({
      quarantinesBySourceAndReason: shows(/by \(topic, reason\) \(rate\(ingest_rejected_total\[/),
      lag: shows(/by \(topic, partition\) \(ingest_consumer_lag\)/),
      progressTime: shows(/ingest_partition_progress_time_seconds/),
      checkpoint: shows(/ingest_partition_next_offset/),
      stalled: shows(new RegExp(PARTITION_STALLED_RECORD)),
    }).toEqual({ quarantinesBySourceAndReason: true, lag: true, progressTime: true, checkpoint: true, stalled: true });
  });

  test("loads every rule file it references, and compose mounts each one from a file that exists", () => {
    const mounts = (compose.services.prometheus.volumes ?? []).map((v) => v.split(":"));
    expect(prometheus.rule_files ?? []).toContain("/etc/prometheus/alerts.yml");
    for (const ruleFile of prometheus.rule_files ?? []) {
      const mount = mounts.find(([, target]) => target === ruleFile);
      expect({ ruleFile, mountedFrom: mount?.[0] }).toEqual({ ruleFile, mountedFrom: `./${ALERTS_PATH}` });
      expect(existsSync(join(ROOT, mount![0]))).toBe(true);
    }
  });

  test("scrapes ingestion on the port its metrics server uses by default", () => {
    const ingest = prometheus.scrape_configs.find((c) => c.job_name === "ingest");
    const port = loadIngestConfig({}).INGEST_METRICS_PORT;
    expect(ingest?.static_configs.flatMap((s) => s.targets)).toEqual([`ingest:${port}`]);
  });

  test("scrapes each router replica as its own target, on its own metrics port, and shows them apart", () => {
    const router = prometheus.scrape_configs.find((c) => c.job_name === "router");
    const replicas = Object.entries(compose.services).filter(([, s]) => s.build?.dockerfile === "router/Dockerfile");
    expect(replicas.length).toBe(2);
    expect(router?.static_configs.flatMap((s) => s.targets)).toEqual(replicas.map(([name, s]) => `${name}:${s.environment?.ROUTER_METRICS_PORT}`));
    const perRouter = expressions.filter(({ expr }) => /by \((?:[\w, ]*\b)?instance\b/.test(expr) && /\brouter_/.test(expr)).map(({ expr }) => selectorsOf(expr)[0]?.name);
    expect(perRouter).toEqual(expect.arrayContaining(["router_rules_version", "router_requests_total"]));
  });

  test("gives every dashboard a unique uid and title, and every panel the provisioned data source", () => {
    const uids = dashboards.map(({ dashboard }) => dashboard.uid);
    const titles = dashboards.map(({ dashboard }) => dashboard.title);
    expect(uids.every((u) => typeof u === "string" && u.length > 0) && new Set(uids).size === uids.length).toBe(true);
    expect(titles.every((t) => typeof t === "string" && t.length > 0) && new Set(titles).size === titles.length).toBe(true);
    const datasources = parse(read("ops/grafana/provisioning/datasources/prometheus.yaml")) as { datasources: { uid: string }[] };
    const provisioned = new Set(datasources.datasources.map((d) => d.uid));
    for (const { file, dashboard } of dashboards) {
      for (const panel of panelsOf(dashboard.panels).filter((p) => p.type !== "row")) {
        expect({ file, panel: panel.title, datasource: provisioned.has(panel.datasource?.uid ?? "") }).toEqual({ file, panel: panel.title, datasource: true });
      }
    }
  });

  test("provisions dashboards from the directory compose mounts them to", () => {
    const providers = parse(read("ops/grafana/provisioning/dashboards/dashboards.yaml")) as { providers: { options: { path: string } }[] };
    const mounts = (compose.services.grafana.volumes ?? []).map((v) => v.split(":"));
    const target = mounts.find(([source]) => source === `./${DASHBOARD_DIR}`)?.[1];
    expect(providers.providers.map((p) => p.options.path)).toEqual([target!]);
  });
});
