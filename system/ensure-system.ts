/**
 * For commands that need the running system (demos): use the one `npm start` runs,
 * or start one in the background and stop it afterwards. Only what this call
 * started is stopped.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { stopChild } from "../infra/process/stop-child.ts";
import { readSystemState, type SystemState } from "../infra/process/system-state.ts";

export type RunningSystem = {
  readonly state: SystemState;
  /** True when this call started the system (and `stop` will stop it). */
  readonly started: boolean;
  stop(): Promise<void>;
};

const ROOT = join(import.meta.dir, "..");

/** The running system, started with `startEnv` (added to the environment) when none runs. */
export async function ensureSystem(options: {
  env: Record<string, string | undefined>;
  startEnv: Record<string, string>;
  onLine: (line: string) => void;
  timeoutMs: number;
}): Promise<RunningSystem> {
  const stateFile = resolve(ROOT, options.env.SYSTEM_STATE_FILE || ".data/system.json");
  const running = readSystemState(stateFile);
  if (running) return { state: running, started: false, stop: async () => {} };

  const child = spawn(process.execPath, ["system/start.ts"], {
    cwd: ROOT, env: { ...options.env, ...options.startEnv }, stdio: ["ignore", "pipe", "pipe"],
  });
  // Only what comes before "ready" is kept: the system then runs, and talks, for the whole demo.
  let out = "";
  let ready = false;
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) options.onLine(line);
  };
  child.stdout!.on("data", (chunk: Buffer) => {
    if (!ready) {
      out += chunk.toString();
      ready = /(^|\n)ready(\n|$)/.test(out);
    }
    forward(chunk);
  });
  child.stderr!.on("data", forward);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const deadline = Date.now() + options.timeoutMs;
  while (!ready) {
    const ended = child.exitCode ?? child.signalCode;
    if (ended !== null) throw new Error(`the system exited (${ended}) before it was ready`);
    if (Date.now() > deadline) {
      await stopChild(child, 20_000);
      throw new Error(`the system was not ready within ${options.timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const state = readSystemState(stateFile);
  if (!state) throw new Error(`the system said ready but ${stateFile} names no running system`);
  return {
    state,
    started: true,
    async stop() {
      // The launcher stops everything it started on SIGTERM, in reverse order.
      await stopChild(child, 30_000);
      await exited;
    },
  };
}
