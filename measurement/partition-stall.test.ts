/**
 * The stall definition in TypeScript against the recording rule's own promtool cases:
 * every case in ops/prometheus/tests/ingestion.test.yml that evaluates
 * ingest:partition_stalled or IngestPartitionStalled is replayed, sample by sample,
 * through nextPartitionSample, and must name the same partitions at the same times.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { isSampleCurrent, nextPartitionSample, PARTITION_STALL_WINDOW_MS, PARTITION_STALLED_RECORD, type PartitionSample } from "./partition-stall.ts";

const MINUTE = 60_000;
const root = join(import.meta.dir, "..");

const PromtoolTests = z.object({
  tests: z.array(z.object({
    interval: z.string(),
    input_series: z.array(z.object({ series: z.string(), values: z.string() })),
    promql_expr_test: z.array(z.object({
      expr: z.string(),
      eval_time: z.string(),
      exp_samples: z.array(z.object({ labels: z.string(), value: z.number() })),
    })).optional(),
    alert_rule_test: z.array(z.object({
      eval_time: z.string(),
      alertname: z.string(),
      exp_alerts: z.array(z.object({ exp_labels: z.record(z.string(), z.string()) })),
    })).optional(),
  })),
});
const Rules = z.object({ groups: z.array(z.object({ rules: z.array(z.object({ alert: z.string().optional(), for: z.string().optional() })) })) });

/** `90s`, `5m`, `1h` in milliseconds. */
function _duration(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text);
  if (!match) throw new Error(`Cannot read the duration ${JSON.stringify(text)}`);
  return Number(match[1]) * { s: 1000, m: MINUTE, h: 60 * MINUTE }[match[2] as "s" | "m" | "h"];
}

/** promtool's expanding notation (`7x15`, `100+25x15`, `0x8 1x7`, `60000-1000x40`, `_`): one value per interval. */
function _expand(values: string): (number | null)[] {
  return values.trim().split(/\s+/).flatMap((part) => {
    const match = /^(_|-?\d+(?:\.\d+)?)(?:([+-]\d+(?:\.\d+)?)?x(\d+))?$/.exec(part);
    if (!match) throw new Error(`Cannot expand the series values ${JSON.stringify(part)}`);
    const [, start, step, times] = match;
    const count = times === undefined ? 1 : Number(times) + 1;
    return Array.from({ length: count }, (_, i) => (start === "_" ? null : Number(start) + i * Number(step ?? 0)));
  });
}

/** `name{topic="t", partition="0"}` as its name and `t/0`. */
function _series(text: string): { name: string; key: string } {
  const match = /^([\w:]+)\{(.*)\}$/.exec(text.trim());
  if (!match) throw new Error(`Cannot read the series ${JSON.stringify(text)}`);
  const labels = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  return { name: match[1], key: `${labels.topic}/${labels.partition}` };
}

/** The stalled partitions (`topic/partition`) at every sample time of one promtool case. */
function _replay(input: { series: string; values: string }[], intervalMs: number): Map<number, string[]> {
  const lag = new Map<string, (number | null)[]>();
  const offsets = new Map<string, (number | null)[]>();
  for (const { series, values } of input) {
    const { name, key } = _series(series);
    (name === "ingest_consumer_lag" ? lag : offsets).set(key, _expand(values));
  }
  const stalledAt = new Map<number, string[]>();
  const previous = new Map<string, PartitionSample>();
  const samples = Math.max(...[...lag.values()].map((v) => v.length));
  for (let i = 0; i < samples; i++) {
    const at = i * intervalMs;
    const stalled: string[] = [];
    for (const [key, values] of lag) {
      const value = values[i];
      if (value === null || value === undefined) continue;
      const sample = nextPartitionSample(previous.get(key) ?? null, { clusterId: "c", lag: value, nextOffset: offsets.get(key)?.[i] ?? null }, at);
      previous.set(key, sample);
      if (sample.stalled) stalled.push(key);
    }
    stalledAt.set(at, stalled.sort());
  }
  return stalledAt;
}

const cases = PromtoolTests.parse(parse(readFileSync(join(root, "ops/prometheus/tests/ingestion.test.yml"), "utf8"))).tests;
const alertFor = _duration(
  Rules.parse(parse(readFileSync(join(root, "ops/prometheus/alerts.yml"), "utf8"))).groups.flatMap((g) => g.rules)
    .find((r) => r.alert === "IngestPartitionStalled")?.for ?? "0s",
);

describe("nextPartitionSample() against the recording rule's promtool cases", () => {
  test("the cases include stalls, a healed stall and a partition without a checkpoint", () => {
    const keys = cases.flatMap((c) => c.input_series.map((s) => _series(s.series).key));
    expect(new Set(keys).size).toBeGreaterThanOrEqual(5);
    expect(cases.some((c) => c.promql_expr_test?.some((t) => t.expr === PARTITION_STALLED_RECORD))).toBe(true);
  });

  test("names the record's partitions wherever the record is evaluated", () => {
    const checked: string[] = [];
    for (const c of cases) {
      const replayed = _replay(c.input_series, _duration(c.interval));
      for (const t of c.promql_expr_test ?? []) {
        if (t.expr !== PARTITION_STALLED_RECORD) continue;
        const expected = t.exp_samples.map((s) => _series(s.labels).key).sort();
        expect({ at: t.eval_time, stalled: replayed.get(_duration(t.eval_time)) }).toEqual({ at: t.eval_time, stalled: expected });
        checked.push(t.eval_time);
      }
    }
    expect(checked.length).toBeGreaterThan(0);
  });

  test("fires the alert's partitions: stalled at the evaluation and throughout the alert's `for` before it", () => {
    const checked: string[] = [];
    for (const c of cases) {
      const interval = _duration(c.interval);
      const replayed = _replay(c.input_series, interval);
      for (const t of c.alert_rule_test ?? []) {
        if (t.alertname !== "IngestPartitionStalled") continue;
        const at = _duration(t.eval_time);
        let firing = replayed.get(at) ?? [];
        for (let back = interval; back <= alertFor; back += interval) {
          const earlier = new Set(replayed.get(at - back) ?? []);
          firing = firing.filter((key) => earlier.has(key));
        }
        const expected = t.exp_alerts.map((a) => `${a.exp_labels.topic}/${a.exp_labels.partition}`).sort();
        expect({ at: t.eval_time, firing }).toEqual({ at: t.eval_time, firing: expected });
        checked.push(t.eval_time);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(6);
  });
});

describe("nextPartitionSample()", () => {
  const observed = { clusterId: "c1", lag: 4, nextOffset: 10 };

  test("starts the history over on a new cluster, and after a gap longer than the window", () => {
    let sample = nextPartitionSample(null, observed, 0);
    sample = nextPartitionSample(sample, observed, PARTITION_STALL_WINDOW_MS);
    expect(sample.stalled).toBe(true);
    expect(nextPartitionSample(sample, { ...observed, clusterId: "c2" }, PARTITION_STALL_WINDOW_MS + 1000))
      .toEqual({ ...observed, clusterId: "c2", measuredAt: PARTITION_STALL_WINDOW_MS + 1000, lagSince: PARTITION_STALL_WINDOW_MS + 1000, checkpointSince: PARTITION_STALL_WINDOW_MS + 1000, stalled: false });
    const later = 2 * PARTITION_STALL_WINDOW_MS + 1;
    expect(nextPartitionSample(sample, observed, later)).toMatchObject({ lagSince: later, checkpointSince: later, stalled: false });
  });

  test("keeps lagSince and checkpointSince while lag stays and the checkpoint holds, and ends the run at lag 0", () => {
    const first = nextPartitionSample(null, observed, 1000);
    const second = nextPartitionSample(first, observed, 6000);
    expect({ lagSince: second.lagSince, checkpointSince: second.checkpointSince }).toEqual({ lagSince: 1000, checkpointSince: 1000 });
    expect(nextPartitionSample(second, { ...observed, lag: 0 }, 11_000)).toMatchObject({ lagSince: null, checkpointSince: 1000, stalled: false });
    expect(nextPartitionSample(second, { ...observed, nextOffset: 11 }, 11_000)).toMatchObject({ lagSince: 1000, checkpointSince: 11_000 });
  });

  test("takes the window it is given", () => {
    const first = nextPartitionSample(null, observed, 0, 2000);
    expect(nextPartitionSample(first, observed, 1999, 2000).stalled).toBe(false);
    expect(nextPartitionSample(first, observed, 2000, 2000).stalled).toBe(true);
  });
});

describe("isSampleCurrent()", () => {
  test("holds for one window after the sample, and for a sample slightly ahead of `now`", () => {
    expect(isSampleCurrent({ measuredAt: 0 }, PARTITION_STALL_WINDOW_MS)).toBe(true);
    expect(isSampleCurrent({ measuredAt: 0 }, PARTITION_STALL_WINDOW_MS + 1)).toBe(false);
    expect(isSampleCurrent({ measuredAt: 500 }, 0)).toBe(true);
  });
});
