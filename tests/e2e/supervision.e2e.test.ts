/**
 * Nothing `npm start` runs stays down, with real processes (one system, small sizes):
 * the state file names every supervised process; both routers answer; a SIGKILLed
 * embedded database comes back on its port and data, and no line produced while it was
 * down is lost or doubled; a SIGKILLed embedded Kafka comes back on new ports, named in
 * the brokers file, where a new movielog line is ingested and the routers' telemetry
 * arrives; and SIGINT stops every process, none of them restarted on the way out.
 */
import { afterAll, expect, test } from "bun:test";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { isPortOpen } from "../../infra/db/embedded-database.ts";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import { readBrokersFile } from "../../infra/kafka/kafka-brokers-file.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { SystemState } from "../../infra/process/system-state.ts";
import { formatLine } from "../../shared/movielog/format-line.ts";
import { freePort } from "../support/free-port.ts";
import { produceLines } from "../support/produce-lines.ts";
import { smallSystemEnv, smallSystemPorts } from "../support/small-system-env.ts";
import { waitFor } from "../support/wait-for.ts";

const ROOT = join(import.meta.dir, "../..");
const dir = mkdtempSync(join(tmpdir(), "supervision-"));
const stateFile = join(dir, "system.json");
const quiet = createLogger("test", () => {});
let system: ChildProcess | null = null;

afterAll(() => {
  system?.kill("SIGKILL");
  // A failed test may leave children behind: the state file names them.
  try {
    for (const pid of Object.values(readState().processes ?? {})) process.kill(pid, "SIGKILL");
  } catch {
    // no state, or the processes are gone
  }
  rmSync(dir, { recursive: true, force: true });
});

const readState = () => SystemState.parse(JSON.parse(readFileSync(stateFile, "utf8")));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code))));

/** A rating line of a user no simulated one has, so the test counts exactly its own lines. */
const ratingLine = (userId: number, at: number) => ({
  userId,
  line: formatLine({ kind: "rate", time: at, userId, movieId: "supervision+drill+2024", rating: 4 }),
});

test("npm start supervises every process: the embedded database and Kafka come back after SIGKILL, both routers answer, and SIGINT stops all", async () => {
  const ports = { ...(await smallSystemPorts()), routerMetrics: [await freePort(), await freePort()], ingestMetrics: await freePort() };
  const child = spawn(join(ROOT, "node_modules/.bin/bun"), ["system/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env, ...smallSystemEnv(dir, ports, 10),
      ROUTER_METRICS_PORTS: ports.routerMetrics.join(","), INGEST_METRICS_PORT: String(ports.ingestMetrics),
      // A small history: the first model may fail its gate, and the routers then serve their fallback, which is enough here.
      SYSTEM_WARMUP_LINES: "30000", SYSTEM_PROFILES_SYNC_MINUTES: "0", INGEST_MAX_BACKOFF_MS: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  system = child;
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  await waitFor("the system to say ready", () => out.includes("\nready") || child.exitCode !== null, 300_000, 200);
  if (!out.includes("\nready")) throw new Error(`the system did not start:\n${out}\n${err.slice(-4000)}`);

  // The state file names every supervised process and where each part listens.
  const started = readState();
  const names = ["database", "kafka", "ingest", "worker-1", "worker-2", "router-1", "router-2", "simulator"];
  expect(Object.keys(started.processes ?? {}).sort()).toEqual([...names].sort());
  for (const name of names) expect({ name, alive: alive(started.processes![name]) }).toEqual({ name, alive: true });
  expect(started.routerPort).toBe(ports.router);
  expect(started.routerMetricsPorts).toEqual(ports.routerMetrics);
  expect(started.workerUrls).toEqual(ports.workers.map((port) => `http://127.0.0.1:${port}`));
  expect(started.simulatorApiPort).toBe(ports.api);
  expect(started.kafkaBrokersFile).toBe(join(dir, "kafka-brokers"));
  expect(readBrokersFile(started.kafkaBrokersFile!)).toEqual(started.kafkaBrokers);

  // Two routers: each answers on its own metrics port, and the shared port answers.
  for (const port of ports.routerMetrics) {
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    expect({ port, status: metrics.status }).toEqual({ port, status: 200 });
    expect(await metrics.text()).toContain("router_");
  }
  const answer = await fetch(`http://127.0.0.1:${ports.router}/recommend/5`, { signal: AbortSignal.timeout(5000) });
  expect(answer.status).toBe(200);

  const sql = postgres(started.databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  const kafkaOf = (brokers: string[]) => createKafka(brokers, "supervision-test", quiet);
  const ratingsOf = async (from: number, to: number) =>
    (await sql`select count(*)::int as n from rating_history where user_id between ${from} and ${to}`)[0].n as number;

  // The database: SIGKILLed while lines keep arriving; back on its port and data, every line stored once.
  const databasePid = started.processes!.database;
  process.kill(databasePid, "SIGKILL");
  const now = Date.now();
  const duringOutage = Array.from({ length: 200 }, (_, i) => ratingLine(4_100_000 + i, now + i));
  await produceLines(kafkaOf(started.kafkaBrokers), started.kafkaTopic, duringOutage);
  await waitFor("a new database process in the state file", () => {
    const pid = readState().processes?.database;
    return pid !== undefined && pid !== databasePid && alive(pid);
  }, 120_000, 200);
  await waitFor("the restarted database to answer", async () => (await sql`select 1 as one`)[0].one === 1, 120_000, 500);
  await waitFor("every line produced during the outage in the event store", async () => (await ratingsOf(4_100_000, 4_100_199)) >= 200, 120_000, 500);
  expect(await ratingsOf(4_100_000, 4_100_199)).toBe(200);

  // Kafka: SIGKILLed; a new, empty cluster on new ports, named in the file, where ingestion and telemetry resume.
  const kafkaPid = readState().processes!.kafka;
  const oldBrokers = readState().kafkaBrokers;
  const telemetryBefore = (await sql`select count(*)::int as n from telemetry_events`)[0].n as number;
  process.kill(kafkaPid, "SIGKILL");
  const moved = await waitFor("Kafka on new brokers in the state file", () => {
    const state = readState();
    return state.processes?.kafka !== kafkaPid && state.kafkaBrokers.join() !== oldBrokers.join() ? state : null;
  }, 60_000, 200);
  expect(readBrokersFile(moved.kafkaBrokersFile!)).toEqual(moved.kafkaBrokers);
  expect(alive(moved.processes!.kafka)).toBe(true);
  await produceLines(kafkaOf(moved.kafkaBrokers), moved.kafkaTopic, [ratingLine(4_200_000, Date.now())]);
  await waitFor("the line produced to the new brokers in the event store", async () => (await ratingsOf(4_200_000, 4_200_000)) === 1, 120_000, 500);
  await waitFor("the routers' telemetry through the new brokers in the event store", async () =>
    (await sql`select count(*)::int as n from telemetry_events`)[0].n > telemetryBefore, 120_000, 500);
  await sql.end();

  // Ctrl-C: everything stops (the bound is generous: speed is measured elsewhere), and nothing is restarted on the way out.
  const last = readState();
  const stopping = err.length;
  child.kill("SIGINT");
  const code = await Promise.race([exitOf(child), Bun.sleep(20_000).then(() => "still running")]);
  expect(code).toBe(0);
  expect(err.slice(stopping)).not.toContain("exited; restarting");
  for (const name of names) expect({ name, alive: alive(last.processes![name]) }).toEqual({ name, alive: false });
  for (const port of [ports.db, ports.router, ...ports.routerMetrics, ...ports.workers, ports.api, ports.ingestMetrics]) {
    expect({ port, open: await isPortOpen(port) }).toEqual({ port, open: false });
  }
  expect(out).toContain("stopped.");
}, 600_000);
