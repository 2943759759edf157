/**
 * Runs a child process and keeps it running: an unexpected exit is logged and
 * restarted with backoff; `stop()` sends SIGTERM, then SIGKILL after a grace period.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { backoffDelay } from "../shared/retry/backoff-delay.ts";
import type { Logger } from "../infra/log/logger.ts";
import { stopChild } from "../infra/process/stop-child.ts";

export type ProcessSpec = {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  /** Called with every line the child writes to stdout or stderr. */
  readonly onLine?: (line: string) => void;
};

export type SupervisedProcess = { readonly name: string; pid(): number | undefined; stop(graceMs?: number): Promise<void> };

/** Starts `spec` and restarts it whenever it exits on its own. */
export function superviseProcess(spec: ProcessSpec, log: Logger): SupervisedProcess {
  let child: ChildProcess | null = null;
  let stopping = false;
  let restarts = 0;
  let startedAt = 0;

  const start = () => {
    startedAt = Date.now();
    child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ["ignore", "pipe", "pipe"] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.length > 0) spec.onLine?.(line);
    };
    child.stdout?.on("data", forward);
    child.stderr?.on("data", forward);
    child.once("exit", (code, signal) => {
      if (stopping) return;
      // A child that ran a while earns a fresh backoff; a crash loop slows down.
      if (Date.now() - startedAt > 60_000) restarts = 0;
      const delay = backoffDelay(restarts++, 30_000, 500);
      log.warn(`${spec.name} exited; restarting`, { code, signal, restartInMs: delay });
      setTimeout(() => stopping || start(), delay);
    });
  };
  start();

  return {
    name: spec.name,
    pid: () => child?.pid,
    async stop(graceMs = 10_000) {
      stopping = true;
      if (child) await stopChild(child, graceMs);
    },
  };
}
