/**
 * A real Prometheus (Debian's binary, on 127.0.0.1 with a temporary configuration)
 * scrapes ingestion's metrics endpoint, served here by ingestion's own handler and
 * registry, with the alert rules loaded: the target is up, the series ingestion
 * exports arrive with their labels, and the server accepts every rule group.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { createIngestMetrics } from "../../ingest/ingest-metrics.ts";
import { ingestMetricsHandler } from "../../ingest/ingest-metrics-server.ts";
import { type RunningPrometheus, startPrometheus } from "../support/start-prometheus.ts";
import { waitFor } from "../support/wait-for.ts";

const ALERTS = new URL("../../ops/prometheus/alerts.yml", import.meta.url).pathname;

const metrics = createIngestMetrics();
let server: ReturnType<typeof Bun.serve> | undefined;
let prometheus: RunningPrometheus | undefined;

const Targets = z.object({
  activeTargets: z.array(z.object({ labels: z.record(z.string(), z.string()), health: z.string(), lastError: z.string() })),
});
const Vector = z.object({
  resultType: z.literal("vector"),
  result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
});
const LoadedRules = z.object({ groups: z.array(z.object({ name: z.string(), rules: z.array(z.object({ name: z.string() })) })) });
const CheckedInRules = z.object({
  groups: z.array(z.object({ name: z.string(), rules: z.array(z.object({ alert: z.string().optional(), record: z.string().optional() })) })),
});

beforeAll(async () => {
  // Partition 0 is 7 messages behind with its checkpoint at 100; partition 1 never stored one.
  metrics.setLag("movielog", [
    { partition: 0, lag: 7, nextOffset: 100, progressedAt: 1_700_000_000_000 },
    { partition: 1, lag: 3, nextOffset: null, progressedAt: null },
  ], 1_700_000_000_000, 1_700_000_060_000);
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: ingestMetricsHandler(metrics) });
  prometheus = await startPrometheus({ jobs: [{ job: "ingest", targets: [`127.0.0.1:${server.port}`] }], ruleFiles: [ALERTS] });
}, 30_000);

afterAll(async () => {
  await prometheus?.stop();
  await server?.stop(true);
});

const query = async (expr: string) => Vector.parse(await prometheus!.api(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result;

test("Prometheus scrapes ingestion's metrics: the target is up and its per-partition series arrive", async () => {
  const target = await waitFor("the ingest target's first scrape", async () => {
    const { activeTargets } = Targets.parse(await prometheus!.api("/api/v1/targets"));
    return activeTargets.find((t) => t.labels.job === "ingest" && t.health !== "unknown");
  }, 15_000);
  expect({ health: target.health, lastError: target.lastError }).toEqual({ health: "up", lastError: "" });

  const lag = await query("ingest_consumer_lag");
  expect(lag.map((s) => ({ topic: s.metric.topic, partition: s.metric.partition, job: s.metric.job, value: s.value[1] }))
    .toSorted((a, b) => a.partition.localeCompare(b.partition))).toEqual([
      { topic: "movielog", partition: "0", job: "ingest", value: "7" },
      { topic: "movielog", partition: "1", job: "ingest", value: "3" },
    ]);
  expect((await query("ingest_partition_next_offset")).map((s) => [s.metric.partition, s.value[1]])).toEqual([["0", "100"]]);
}, 30_000);

test("Prometheus loads every rule of the alert rules, group by group", async () => {
  const byGroup = (groups: { group: string; rules: string[] }[]) => groups.toSorted((a, b) => a.group.localeCompare(b.group));
  const checkedIn = CheckedInRules.parse(parse(readFileSync(ALERTS, "utf8"))).groups
    .map((g) => ({ group: g.name, rules: g.rules.map((r) => r.alert ?? r.record ?? "") }));
  const loaded = LoadedRules.parse(await prometheus!.api("/api/v1/rules")).groups
    .map((g) => ({ group: g.name, rules: g.rules.map((r) => r.name) }));
  expect(byGroup(loaded)).toEqual(byGroup(checkedIn));
});
