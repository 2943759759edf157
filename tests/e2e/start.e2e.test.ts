/**
 * The README's first command, as a user runs it: the system starts on embedded
 * defaults, takes movielog lines from Kafka into the event store, stops cleanly on
 * Ctrl-C leaving nothing behind, and a second start finds the stored state.
 */
import { afterAll, expect, test } from "bun:test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { isPortOpen } from "../../infra/db/embedded-database.ts";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { SystemState } from "../../system/system-state.ts";
import { freePort } from "../support/free-port.ts";
import { generateMovielog } from "../support/movielog-fixture.ts";
import { produceLines } from "../support/produce-lines.ts";
import { waitFor } from "../support/wait-for.ts";

const ROOT = join(import.meta.dir, "../..");
const dir = mkdtempSync(join(tmpdir(), "system-"));
const running = new Set<ChildProcess>();
let dbPort = 0;

async function startSystem(): Promise<{ child: ChildProcess; stdout: () => string; state: SystemState }> {
  dbPort ||= await freePort();
  const child = spawn(join(ROOT, "node_modules/.bin/bun"), ["system/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env, DATABASE_URL: "", KAFKA_BROKERS: "",
      EMBEDDED_DATABASE_DIR: join(dir, "pglite"), EMBEDDED_DATABASE_PORT: String(dbPort), SYSTEM_STATE_FILE: join(dir, "system.json"),
      INGEST_SESSION_TIMEOUT_MS: "6000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.resume();
  await waitFor("the system to say ready", () => out.includes("\nready"), 90_000);
  const state = SystemState.parse(JSON.parse(readFileSync(join(dir, "system.json"), "utf8")));
  return { child, stdout: () => out, state };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code))));

afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
});

test("npm start runs ingestion on embedded defaults, stops cleanly, and keeps its data for the next start", async () => {
  // Empty values mean "unset" to the config: the embedded defaults are what is tested.
  const first = await startSystem();
  expect(first.stdout()).toContain("embedded PGlite");
  expect(first.stdout()).toContain("embedded mock cluster");
  const stream = generateMovielog({ seed: 5, lines: 500, users: 50 });
  await produceLines(createKafka(first.state.kafkaBrokers, "e2e", createLogger("e2e", () => {})), first.state.kafkaTopic, stream);
  const sql = postgres(first.state.databaseUrl, { max: 1, prepare: false, onnotice: () => {} });
  const lines = async () => (await sql`select coalesce(sum(lines), 0)::int as n from ingest_batches`)[0].n as number;
  await waitFor("the stream in the event store", async () => (await lines()) === 500, 60_000);
  await sql.end();

  first.child.kill("SIGINT");
  expect(await exitOf(first.child)).toBe(0);
  expect(await isPortOpen(dbPort)).toBe(false);
  const kafkaPort = Number(first.state.kafkaBrokers[0].split(":")[1]);
  expect(await isPortOpen(kafkaPort)).toBe(false);
  expect(existsSync(join(dir, "system.json"))).toBe(false);

  const second = await startSystem();
  const again = postgres(second.state.databaseUrl, { max: 1, prepare: false, onnotice: () => {} });
  expect((await again`select coalesce(sum(lines), 0)::int as n from ingest_batches`)[0].n).toBe(500);
  await again.end();
  second.child.kill("SIGINT");
  expect(await exitOf(second.child)).toBe(0);
});
