/**
 * `bun run chaos [--json]`: the chaos drill against the running `npm start` system.
 * Under the simulated site's traffic and a parallel load of keep-alive clients, it
 * SIGKILLs in turn a router, each worker, ingestion, the embedded database, the embedded
 * Kafka, the release supervisor in the middle of a canary (then `release --resume`),
 * the database and a router together, and SIGSTOPs a worker for 10 s. For each fault
 * it counts the load's requests, failures and slowest answer and times the parts until
 * they serve again; at the end it checks that ingestion lost and doubled nothing.
 * Prints `{"faults":[{"fault","requests","failed","max_latency_ms","recovered_s"}],
 * "lost_events","duplicated_events","lost_with_kafka"}`; exit 1 when a target is missed.
 */
import { join, resolve } from "node:path";
import { z } from "zod";
import { CommandError, runMain } from "../../infra/cli/command.ts";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { createLogger, errorMessage } from "../../infra/log/logger.ts";
import { createShutdown } from "../../infra/process/on-shutdown.ts";
import { readSystemState, type SystemState } from "../../infra/process/system-state.ts";
import { IngestConfig } from "../../ingest/config.ts";
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { loadSystemConfig } from "../config.ts";
import { accountEvents } from "./account-events.ts";
import { awaitCatchUp } from "./await-catch-up.ts";
import { drillTargets } from "./drill-targets.ts";
import { FAULT_NAMES, FaultList, planFaults, processesNeeded, recoveryTargetS } from "./fault-plan.ts";
import { drillReport, formatDrillTable } from "./format-drill-report.ts";
import { judgeDrill } from "./judge-drill.ts";
import { watchKafka } from "./kafka-watch.ts";
import { startLoad } from "./load-generator.ts";
import { startProbeStream } from "./probe-stream.ts";
import { readIngestProgress, readStoredProbes } from "./read-ingest-progress.ts";
import { CHAOS_POLICY_FILE, trainCandidate } from "./release-drill.ts";
import { type FaultRun, recoveredSeconds, runFault } from "./run-fault.ts";
import { failureReasons, tallyRequests } from "./tally-requests.ts";

const ROOT = join(import.meta.dir, "../..");
const log = createLogger("chaos");
// The drill's own Kafka clients see Kafka die on purpose: their connection errors are expected, not news.
const kafkaLog = createLogger("chaos", () => {});

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const seconds = (min: number, max: number) => z.coerce.number().min(min).max(max);

const command = {
  name: "bun run chaos",
  summary: "The chaos drill against the running system: kills and hangs each process in turn under load, and checks that every part comes back and no event is lost.",
  usage: ["[--json] [--faults <name,…>] [--settle-s N] [--hang-s N] [--connections N] [--rate N]"],
  examples: ["bun run chaos --json", "bun run chaos --faults kill-router,kill-worker-1 --settle-s 2"],
  flags: {
    faults: FaultList.default([...FAULT_NAMES]).describe(`the faults, in order (default all): ${FAULT_NAMES.join(", ")}`),
    "settle-s": seconds(0, 600).default(5).describe("seconds to let the system settle after a part is back, before the next fault"),
    "hang-s": seconds(1, 600).default(10).describe("seconds stop-worker-1 keeps the worker stopped"),
    "recover-timeout-s": seconds(1, 3600).default(60).describe("the longest wait for a part to serve again before it counts as not back"),
    "catch-up-s": seconds(1, 3600).default(120).describe("the longest wait at the end for ingestion to apply what Kafka holds"),
    connections: count(1, 1000).default(8).describe("keep-alive connections of the load generator"),
    // The routers' telemetry of every answer goes through Kafka into the store, where the canary judge reads it:
    // a load the embedded database's ingestion cannot follow would starve the release fault's canary.
    rate: count(0, 1_000_000).default(50).describe("requests per second over all connections (0: as fast as answers come)"),
    users: count(1, 2_147_483_647).default(100_000).describe("the load asks for random users 1..N"),
    seed: count(0, 4_294_967_295).default(7).describe("seed of the load's user draws"),
    "release-policy": z.string().min(1).default(CHAOS_POLICY_FILE).describe("the canary policy of the release fault (default: one short step, so that it decides within seconds)"),
  },
  json: true,
  notes: [
    "Needs a running `npm start` system (SYSTEM_STATE_FILE, default .data/system.json, records the pids of every process it supervises).",
    `Each request gives up at the site's client timeout (${SITE_CLIENT_TIMEOUT_MS} ms). A request fails when it gets no answer, a status other than 200, or a body that is not 1–20 distinct movie ids.`,
    `The release fault trains a candidate (a rebuild of production's snapshot) and releases it with --release-policy (${CHAOS_POLICY_FILE.slice(ROOT.length + 1)}), whatever RELEASE_POLICY_FILE says.`,
    'With --json it prints {"faults":[{"fault","requests","failed","max_latency_ms","recovered_s"}],"lost_events":N,"duplicated_events":N,"lost_with_kafka":N}; lost_with_kafka counts the lines a killed in-memory Kafka still held unapplied (they die with it: a figure, not a failure).',
    "The drill writes probe lines to the stream (recommendation lines of users from 2000000000 up, server chaos-drill:<run>) to check the store holds each.",
    "exit 0: every target met; 1: a target missed (the report says which) or the drill could not run; 2: usage; 130: interrupted",
  ],
} as const;

await runMain(command, async (args, { print, say }) => {
  const config = loadSystemConfig(process.env);
  const stateFile = resolve(ROOT, config.SYSTEM_STATE_FILE);
  const started = readSystemState(stateFile);
  if (!started) throw new CommandError("missing", `no running system found (${stateFile}): start it with npm start`);
  const plan = planFaults(args.faults, { hangMs: args["hang-s"] * 1000 });
  const found = drillTargets(started, processesNeeded(plan));
  if (!found.ok) {
    // A system on an external database or Kafka supervises neither: leave their faults out.
    throw new CommandError("missing", `cannot run the drill: ${found.problems.join("; ")} (choose the faults with --faults)`);
  }
  const targets = found.targets;

  let latest: SystemState = started;
  const readState = () => {
    const state = readSystemState(stateFile);
    if (state) latest = state;
    return state;
  };
  const topic = started.kafkaTopic;
  // Ingestion's consumer groups, as ingestion itself reads them (the same environment as npm start's).
  const group = IngestConfig.shape.INGEST_GROUP_ID.parse(process.env.INGEST_GROUP_ID || undefined);
  const telemetryTopic = IngestConfig.shape.INGEST_TELEMETRY_TOPIC.parse(process.env.INGEST_TELEMETRY_TOPIC || undefined);
  const telemetry = telemetryTopic === "off"
    ? null
    : { group: IngestConfig.shape.INGEST_TELEMETRY_GROUP_ID.parse(process.env.INGEST_TELEMETRY_GROUP_ID || undefined), topic: telemetryTopic };
  // One connection: the embedded database serves a bounded number, and the system needs them.
  const database = connectDatabase(started.databaseUrl, { max: 1, applicationName: "chaos-drill" });
  const kafka = watchKafka({ brokers: () => (readState() ?? latest).kafkaBrokers, topic, log: kafkaLog, everyMs: 2000 });
  const stopped = new Set<number>();
  const children = () => ({
    ...process.env,
    DATABASE_URL: latest.databaseUrl,
    KAFKA_BROKERS: latest.kafkaBrokers.join(","),
    ...(latest.kafkaBrokersFile ? { KAFKA_BROKERS_FILE: latest.kafkaBrokersFile } : {}),
    KAFKA_TOPIC: topic,
    SYSTEM_STATE_FILE: stateFile,
    ADMIN_TOKEN: process.env.ADMIN_TOKEN || latest.adminToken,
    RELEASE_POLICY_FILE: resolve(args["release-policy"]),
  });
  const quiet = (prefix: string) => (line: string) => console.error(`[${prefix}] ${line}`);

  const shutdown = createShutdown({
    onStart: (reason) => say(`${reason}: the drill stops`),
    onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
    signalExitCode: 130,
  });
  shutdown.add("database", () => database.close());
  shutdown.add("kafka watch", () => kafka.stop());
  // A hung worker must not stay hung because the drill was interrupted or failed.
  const resumeStopped = () => {
    for (const pid of stopped) {
      try {
        process.kill(pid, "SIGCONT");
      } catch {
        // Gone already.
      }
    }
  };
  shutdown.add("stopped processes", resumeStopped);
  process.on("exit", resumeStopped);

  const release = plan.some((f) => f.name === "kill-release")
    ? { sql: database.sql, env: children, onLine: quiet("release") }
    : null;
  let candidate: string | null = null;
  if (release) {
    say("training a candidate model for the release fault…");
    candidate = await trainCandidate({ ...release, onLine: quiet("train") }).catch((error) => {
      say(`no candidate for the release fault: ${errorMessage(error)}`);
      return null;
    });
  }

  const now = () => performance.now();
  const load = startLoad({
    host: "127.0.0.1", port: targets.routerPort, connections: args.connections, ratePerSecond: args.rate, users: args.users,
    timeoutMs: SITE_CLIENT_TIMEOUT_MS, random: mulberry32(args.seed), now,
  });
  shutdown.add("load", () => load.stop());
  const runId = Date.now().toString(36);
  const probes = startProbeStream({
    brokers: () => latest.kafkaBrokers, topic, server: `chaos-drill:${runId}`, everyMs: 50, items: load.lastItems, log: kafkaLog,
  });
  shutdown.add("probes", () => probes.stop());
  const before = await readIngestProgress(database.sql, group, topic);
  say(`load: ${args.connections} keep-alive connections, ${args.rate || "unlimited"} requests/s, to :${targets.routerPort}; probe lines as ${probes.server}`);
  await new Promise((r) => setTimeout(r, 2000)); // connections open, a first answer to log in probes

  const runs: FaultRun[] = [];
  const ctx = { readState, targets, sql: database.sql, kafka, ingest: { group, topic, telemetry } };
  for (const fault of plan) {
    runs.push(await runFault(fault, {
      ctx, load, connections: args.connections, now, say, recoverTimeoutMs: args["recover-timeout-s"] * 1000, settleMs: args["settle-s"] * 1000,
      release: release && candidate ? { ...release, candidate } : null, stopped,
    }));
  }

  await load.stop();
  await probes.stop();
  await kafka.stop(); // no more looks but the last: the log end ingestion must reach
  say("waiting for ingestion to apply what Kafka holds…");
  const caughtUp = await awaitCatchUp({ kafka, sql: database.sql, group, topic, timeoutMs: args["catch-up-s"] * 1000 });
  if (!caughtUp) say(`ingestion did not catch up within ${args["catch-up-s"]} s: what it has not applied counts as lost`);
  const after = await readIngestProgress(database.sql, group, topic);
  const stored = await readStoredProbes(database.sql, probes.server);
  await kafka.stop();
  const events = accountEvents({
    clusters: kafka.clusters(), before, after,
    probes: probes.sent().map((p) => ({ clusterId: p.clusterId, partition: p.partition, offset: p.offset, stored: stored.has(p.userId) })),
  });

  const faults = runs.map((run) => ({
    report: { fault: run.fault.name, ...tallyRequests(load.records, run.startedAt, run.endedAt), recovered_s: recoveredSeconds(run) },
    limits: { connectionsToKilledRouter: run.connectionsToKilledRouter, recoveryTargetS: recoveryTargetS(run.fault), ...(run.problem ? { problem: run.problem } : {}) },
  }));
  for (const run of runs) {
    const reasons = failureReasons(load.failures, run.startedAt, run.endedAt);
    if (reasons.length > 0) say(`${run.fault.name}: failed requests: ${reasons.map(([reason, n]) => `${n} × ${reason}`).join("; ")}`);
  }
  const misses = judgeDrill(faults, events);
  const report = drillReport(faults.map((f) => f.report), events);
  print(report, formatDrillTable(report, events, misses));
  if (args.json && misses.length > 0) say(`targets missed:\n${misses.map((m) => `  - ${m}`).join("\n")}`);
  await database.close();
  // Exit 1 when a target is missed; the exit-code table names no outcome of its own for it.
  return misses.length === 0 ? "ok" : "target_missed";
});
