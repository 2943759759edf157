/**
 * The README's first command, as a user runs it (with short settings): the system
 * warms up, trains and promotes a first model, answers on the router for known,
 * unknown and malformed users, ingests the simulated site's stream, syncs the site's
 * user profiles, stops cleanly on Ctrl-C leaving nothing behind, and a second start
 * reuses the stored state.
 */
import { afterAll, expect, test } from "bun:test";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { isPortOpen } from "../../infra/db/embedded-database.ts";
import { isMovieId } from "../../shared/movielog/movie-id.ts";
import { SystemState } from "../../infra/process/system-state.ts";
import { freePort } from "../support/free-port.ts";
import { waitFor } from "../support/wait-for.ts";

const ROOT = join(import.meta.dir, "../..");
const dir = mkdtempSync(join(tmpdir(), "system-"));
const running = new Set<ChildProcess>();
const ports = { db: 0, router: 0, api: 0, workers: [0, 0], routerMetrics: [0, 0], ingestMetrics: 0 };

async function startSystem(): Promise<{ child: ChildProcess; stdout: () => string; output: () => string; state: SystemState }> {
  if (!ports.db) {
    Object.assign(ports, {
      db: await freePort(), router: await freePort(), api: await freePort(), workers: [await freePort(), await freePort()],
      routerMetrics: [await freePort(), await freePort()], ingestMetrics: await freePort(),
    });
  }
  const child = spawn(join(ROOT, "node_modules/.bin/bun"), ["system/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env, DATABASE_URL: "", KAFKA_BROKERS: "", // empty means unset: the embedded defaults are under test
      EMBEDDED_DATABASE_DIR: join(dir, "pglite"), EMBEDDED_DATABASE_PORT: String(ports.db), SYSTEM_STATE_FILE: join(dir, "system.json"),
      ARTIFACT_DIR: join(dir, "artifacts"), SNAPSHOT_DIR: join(dir, "snapshots"),
      ROUTER_PORT: String(ports.router), WORKER_PORTS: ports.workers.join(","), SIMULATOR_API_PORT: String(ports.api),
      ROUTER_METRICS_PORTS: ports.routerMetrics.join(","), INGEST_METRICS_PORT: String(ports.ingestMetrics),
      SYSTEM_WARMUP_LINES: "250000", SIMULATOR_USERS: "150", SIMULATOR_MOVIES: "120", SIMULATOR_RATE: "20", SIMULATOR_SPEED: "120",
      INGEST_SESSION_TIMEOUT_MS: "6000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let out = "";
  let all = ""; // stdout and stderr: what a terminal (or a CI log) would keep
  child.stdout!.on("data", (c: Buffer) => {
    out += c.toString();
    all += c.toString();
  });
  child.stderr!.on("data", (c: Buffer) => (all += c.toString()));
  await waitFor("the system to say ready", () => out.includes("\nready") || out.includes("stopped."), 240_000, 200);
  if (!out.includes("\nready")) throw new Error(`the system did not start:\n${out}`);
  const state = SystemState.parse(JSON.parse(readFileSync(join(dir, "system.json"), "utf8")));
  return { child, stdout: () => out, output: () => all, state };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code))));

const recommend = async (user: string) => {
  const response = await fetch(`http://127.0.0.1:${ports.router}/recommend/${user}`, { signal: AbortSignal.timeout(2000) });
  return { status: response.status, model: response.headers.get("x-model-version"), body: await response.text() };
};

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
});

test("npm start serves recommendations from a first model, ingests the site's stream, stops cleanly and restarts from its state", async () => {
  const first = await startSystem();
  const promoted = first.stdout().match(/promoted the first model (\S+)/)?.[1];
  expect(promoted).toBeDefined();
  expect(first.stdout()).toContain("embedded PGlite");
  expect(first.stdout()).toContain("embedded mock cluster");
  // The telemetry signing key: generated once beside the state, kept for every later start.
  const keyFile = join(dir, "telemetry-signing.key");
  expect(first.state.telemetrySigningKeyFile).toBe(keyFile);
  const key = readFileSync(keyFile, "utf8");
  // The admin token stays in the owner-only state file, which the output points to instead.
  expect(first.state.adminToken).toBeDefined();
  expect(first.output()).not.toContain(first.state.adminToken!);
  expect(first.stdout()).toContain(`token in ${join(dir, "system.json")}`);
  expect(statSync(join(dir, "system.json")).mode & 0o777).toBe(0o600);

  const known = await waitFor("a model answer for a known user", async () => {
    const answer = await recommend("5");
    return answer.model === promoted ? answer : null;
  }, 30_000, 200);
  const ids = known.body.split(",");
  expect(known.status).toBe(200);
  expect(ids.length).toBeGreaterThanOrEqual(1);
  expect(ids.length).toBeLessThanOrEqual(20);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every(isMovieId)).toBe(true);
  const unknown = await recommend("2000000000");
  expect(unknown.status).toBe(200);
  expect(unknown.body.split(",").length).toBeGreaterThanOrEqual(1);
  expect((await recommend("abc")).status).toBe(400);

  await waitFor("the router's telemetry reaching Kafka", async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${ports.router}/metrics`)).text();
    const sent = metrics.match(/^router_telemetry_sent_total (\d+)/m);
    return sent !== null && Number(sent[1]) > 0;
  }, 30_000, 500);

  const sql = postgres(first.state.databaseUrl, { max: 1, onnotice: () => {} });
  await waitFor("the simulated site's recommendation lines in the event store", async () =>
    (await sql`select count(*)::int as n from recommendation_events where status = 200`)[0].n > 0, 60_000, 500);
  // Stored only when signed with the key ingestion checks.
  await waitFor("the router's telemetry ingested with the pool and model of each answer", async () =>
    (await sql`select count(*)::int as n from telemetry_events where pool = 'stable' and model_version = ${promoted!}`)[0].n > 0, 60_000, 500);
  expect((await sql`select count(*)::int as n from quarantine where source = 'telemetry'`)[0].n).toBe(0);
  expect(first.stdout()).toContain("profiles:sync from the user API every 10 min");
  await waitFor("the users' profiles synced from the simulated site's user API", async () =>
    (await sql`select count(*)::int as n from user_profiles where reason is null`)[0].n > 0, 60_000, 500);
  await sql.end();

  first.child.kill("SIGINT");
  expect(await exitOf(first.child)).toBe(0);
  const everyPort = [ports.db, ports.router, ...ports.routerMetrics, ...ports.workers, ports.api, ports.ingestMetrics];
  for (const port of [...everyPort, Number(first.state.kafkaBrokers[0].split(":")[1])]) {
    expect({ port, open: await isPortOpen(port) }).toEqual({ port, open: false });
  }
  expect(existsSync(join(dir, "system.json"))).toBe(false);

  const second = await startSystem();
  expect(second.stdout()).toContain(`reusing production model ${promoted}`);
  expect(second.stdout()).not.toContain("warming up");
  expect(second.state.telemetrySigningKeyFile).toBe(keyFile);
  expect(readFileSync(keyFile, "utf8")).toBe(key);
  second.child.kill("SIGINT");
  expect(await exitOf(second.child)).toBe(0);
}, 360_000); // a first start warms up and trains: allow for a busy machine
