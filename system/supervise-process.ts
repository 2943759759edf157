/**
 * Runs a child process and keeps it running: an exit it did not ask for is logged and
 * the child restarted with backoff (restart-backoff.ts); a run that never becomes ready
 * is killed and restarted the same way. `stop()` sends SIGTERM, then SIGKILL after a
 * grace period, and no restart follows. Each child gets its own process group, so a
 * terminal's Ctrl-C reaches only the launcher, which stops its children in its own order.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import { stopChild } from "../infra/process/stop-child.ts";
import { nextRestart, RESTART_BACKOFF, type RestartBackoff } from "./restart-backoff.ts";

type Env = Record<string, string | undefined>;

/** One run of the child, as `ready` sees it. */
export type ChildRun = {
  readonly pid: number;
  /** Calls `listener` with every later line of the child's stdout and stderr. */
  onLine(listener: (line: string) => void): void;
  /** Resolves when this run has exited. */
  readonly exited: Promise<void>;
};

export type ProcessSpec = {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The environment, or a function giving it afresh for every run (brokers that moved, say). */
  readonly env: Env | (() => Env);
  readonly cwd: string;
  /** Called with every line the child writes to stdout or stderr. */
  readonly onLine?: (line: string) => void;
  /** Keeps the child's stdin open (kcat's mock cluster lives until its stdin ends). */
  readonly holdStdin?: boolean;
  /** Resolves once a run serves; a rejection or `readyTimeoutMs` counts as a crash of that run. */
  readonly ready?: (run: ChildRun) => Promise<void>;
  readonly readyTimeoutMs?: number;
  /** Called with the pid of every run as it starts. */
  readonly onSpawn?: (pid: number) => void;
  readonly backoff?: RestartBackoff;
};

export type SupervisedProcess = {
  readonly name: string;
  pid(): number | undefined;
  /** Resolves the first time a run is ready; rejects after `timeoutMs` without one. */
  ready(timeoutMs: number): Promise<void>;
  /** Restarts it no more: a launcher that is shutting down stops its children in order, and one that dies first stays down. */
  retire(): void;
  /** Stops the child for good: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILLs the running child at once, synchronously (for a launcher that is exiting). */
  kill(): void;
};

/** Starts `spec` and restarts it whenever it exits on its own. */
export function superviseProcess(spec: ProcessSpec, log: Logger): SupervisedProcess {
  let child: ChildProcess | null = null;
  // Set by retire() or stop(): an exit is then final, and not logged as a crash.
  let stopping = false;
  let youngCrashes = 0;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let downSince: number | null = null;
  let everReady = false;
  const readyWaiters: Array<() => void> = [];

  const start = () => {
    const startedAt = Date.now();
    const env = typeof spec.env === "function" ? spec.env() : spec.env;
    const run = spawn(spec.command, spec.args, {
      cwd: spec.cwd, env, detached: true, stdio: [spec.holdStdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    child = run;
    const listeners: Array<(line: string) => void> = spec.onLine ? [spec.onLine] : [];
    const forward = (stream: NodeJS.ReadableStream | null) => {
      let pending = "";
      stream?.on("data", (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) if (line.length > 0) for (const listener of listeners) listener(line);
      });
    };
    forward(run.stdout);
    forward(run.stderr);
    let ended = false;
    let markExited = () => {};
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const onEnd = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      markExited();
      if (child === run) child = null;
      if (stopping) return;
      const next = nextRestart(youngCrashes, Date.now() - startedAt, spec.backoff ?? RESTART_BACKOFF);
      youngCrashes = next.youngCrashes;
      downSince ??= Date.now();
      log.warn(`${spec.name} exited; restarting`, { code, signal, restartInMs: next.delayMs });
      restartTimer = setTimeout(() => stopping || start(), next.delayMs);
    };
    run.once("exit", onEnd);
    // A spawn that fails (a missing binary) has no pid and may never emit `exit`.
    run.once("error", (error) => {
      log.error(`${spec.name} could not be started`, { error: errorMessage(error) });
      if (run.pid === undefined) onEnd(null, null);
    });
    if (run.pid === undefined) return;
    spec.onSpawn?.(run.pid);

    const becomeReady = () => {
      if (child !== run || stopping) return;
      if (downSince !== null) log.info(`${spec.name} is back`, { pid: run.pid, downMs: Date.now() - downSince });
      downSince = null;
      everReady = true;
      for (const waiter of readyWaiters.splice(0)) waiter();
    };
    if (!spec.ready) {
      becomeReady();
      return;
    }
    const timeoutMs = spec.readyTimeoutMs ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs} ms`)), timeoutMs);
    });
    const gone = exited.then(() => Promise.reject(new Error("exited before it was ready")));
    const runView: ChildRun = { pid: run.pid, onLine: (listener) => void listeners.push(listener), exited };
    Promise.race([spec.ready(runView), timedOut, gone]).then(becomeReady, (error) => {
      if (child !== run || stopping) return;
      // Its exit (now, or the one this kill causes) schedules the restart.
      log.warn(`${spec.name} did not become ready; killing it`, { pid: run.pid, error: errorMessage(error) });
      run.kill("SIGKILL");
    }).finally(() => clearTimeout(timer));
  };
  start();

  return {
    name: spec.name,
    pid: () => child?.pid,
    ready(timeoutMs) {
      if (everReady) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${spec.name} was not ready within ${timeoutMs} ms`)), timeoutMs);
        readyWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    retire() {
      stopping = true;
      clearTimeout(restartTimer);
    },
    async stop(graceMs = 3000) {
      stopping = true;
      clearTimeout(restartTimer);
      if (child) await stopChild(child, graceMs);
    },
    kill() {
      stopping = true;
      clearTimeout(restartTimer);
      child?.kill("SIGKILL");
    },
  };
}
