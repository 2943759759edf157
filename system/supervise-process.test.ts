import { afterEach, expect, test } from "bun:test";
import { createLogger } from "../infra/log/logger.ts";
import { type SupervisedProcess, superviseProcess } from "./supervise-process.ts";

const BUN = process.execPath;
const FAST = { firstMs: 20, maxMs: 50, healthyAfterMs: 60_000 };
const running: SupervisedProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => child.stop(500)));
});

function logged() {
  const lines: Array<{ level: string; message: string }> = [];
  return { lines, log: createLogger("test", (line) => lines.push(JSON.parse(line))) };
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}

const supervise = (spec: Parameters<typeof superviseProcess>[0], log: Parameters<typeof superviseProcess>[1]) => {
  const child = superviseProcess(spec, log);
  running.push(child);
  return child;
};

test("superviseProcess() restarts a child that exits on its own, reading its environment afresh for each run", async () => {
  const { lines, log } = logged();
  const pids: number[] = [];
  const output: string[] = [];
  let run = 0;
  supervise({
    name: "flaky", command: BUN, args: ["-e", "console.log(process.env.RUN); process.exit(3)"], cwd: process.cwd(),
    env: () => ({ ...process.env, RUN: String(++run) }), backoff: FAST,
    onSpawn: (pid) => pids.push(pid), onLine: (line) => output.push(line),
  }, log);
  await until("three runs", () => output.length >= 3);
  expect(output.slice(0, 3)).toEqual(["1", "2", "3"]);
  expect(new Set(pids).size).toBe(pids.length);
  expect(lines.find((l) => l.message === "flaky exited; restarting")).toMatchObject({ level: "warn", code: 3 });
});

test("superviseProcess() neither restarts nor logs a restart for a child it stops itself", async () => {
  const { lines, log } = logged();
  const pids: number[] = [];
  const child = supervise({
    name: "steady", command: BUN, args: ["-e", "setInterval(() => {}, 1000)"], cwd: process.cwd(), env: process.env, backoff: FAST,
    onSpawn: (pid) => pids.push(pid),
  }, log);
  await child.ready(10_000);
  const pid = child.pid()!;
  await child.stop(2000);
  await Bun.sleep(200);
  expect(() => process.kill(pid, 0)).toThrow();
  expect(pids).toEqual([pid]);
  expect(child.pid()).toBeUndefined();
  expect(lines.filter((l) => l.message.includes("restarting"))).toEqual([]);
});

test("superviseProcess() kills a run that does not become ready and starts another, which may", async () => {
  const { lines, log } = logged();
  let attempt = 0;
  const child = supervise({
    name: "slow", command: BUN, args: ["-e", "setInterval(() => {}, 1000)"], cwd: process.cwd(), env: process.env, backoff: FAST,
    ready: () => (++attempt === 1 ? Promise.reject(new Error("no answer")) : Promise.resolve()),
  }, log);
  await child.ready(20_000);
  expect(attempt).toBe(2);
  expect(lines.map((l) => l.message)).toEqual(["slow did not become ready; killing it", "slow exited; restarting", "slow is back"]);
});

test("superviseProcess() gives up a run's readiness when that run exits, and restarts it", async () => {
  const { log } = logged();
  const seen: number[] = [];
  const child = supervise({
    name: "dies-young", command: BUN, args: ["-e", "process.env.RUN === '1' ? process.exit(1) : setInterval(() => {}, 1000)"], cwd: process.cwd(),
    env: (() => {
      let run = 0;
      return () => ({ ...process.env, RUN: String(++run) });
    })(),
    backoff: FAST,
    ready: async (run) => {
      seen.push(run.pid);
      // The first run never answers; only its exit ends the wait.
      if (seen.length === 1) await new Promise(() => {});
    },
  }, log);
  await child.ready(20_000);
  expect(seen.length).toBe(2);
});

test("superviseProcess() lets a retired child stay down when it dies, without a restart or its log line", async () => {
  const { lines, log } = logged();
  const pids: number[] = [];
  const child = supervise({
    name: "retired", command: BUN, args: ["-e", "setInterval(() => {}, 1000)"], cwd: process.cwd(), env: process.env, backoff: FAST,
    onSpawn: (pid) => pids.push(pid),
  }, log);
  await child.ready(10_000);
  child.retire();
  process.kill(child.pid()!, "SIGKILL");
  await until("the child's exit", () => child.pid() === undefined);
  await Bun.sleep(200);
  expect(pids.length).toBe(1);
  expect(lines).toEqual([]);
});
