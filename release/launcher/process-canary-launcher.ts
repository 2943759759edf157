/**
 * The embedded setup's canary: a local Bun worker process pinned to the candidate.
 * It runs detached, with its pid in a state file, so it keeps serving canary users if
 * the supervisor dies, and a restarted supervisor finds and reuses (or stops) it.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { CanaryFaults, CanaryLauncher } from "./canary-launcher.ts";
import { waitForWorkerVersion, workerReadiness } from "./worker-admin.ts";

export type ProcessCanaryOptions = {
  readonly bun: string;
  readonly root: string;
  readonly port: number;
  readonly env: Record<string, string | undefined>;
  /** Where the running canary's pid, port and model are kept between supervisor runs. */
  readonly stateFile: string;
  readonly logFile: string;
  readonly readyTimeoutMs: number;
};

const CanaryProcess = z.object({ pid: z.number().int().min(1), port: z.number().int(), modelVersion: z.string(), errorRate: z.number() });
type CanaryProcess = z.infer<typeof CanaryProcess>;

/** A launcher of local canary worker processes on `options.port`. */
export function processCanaryLauncher(options: ProcessCanaryOptions): CanaryLauncher {
  const url = `http://127.0.0.1:${options.port}`;

  const recorded = (): CanaryProcess | null => {
    if (!existsSync(options.stateFile)) return null;
    const parsed = CanaryProcess.safeParse(JSON.parse(readFileSync(options.stateFile, "utf8")));
    return parsed.success ? parsed.data : null;
  };

  return {
    async start(modelVersion: string, faults: CanaryFaults = {}) {
      const errorRate = faults.errorRate ?? 0;
      const running = recorded();
      const readiness = await workerReadiness(url);
      if (running && isAlive(running.pid) && readiness.ready && readiness.version === modelVersion && running.errorRate === errorRate) return url;
      await this.stop();
      const stillServing = await workerReadiness(url);
      if (stillServing.ready) throw new Error(`port ${options.port} already serves ${stillServing.version} from a process this launcher did not start`);

      mkdirSync(dirname(options.logFile), { recursive: true });
      const log = openSync(options.logFile, "a");
      const child = spawn(options.bun, ["workers/main.ts"], {
        cwd: options.root,
        env: {
          ...options.env,
          WORKER_PORT: String(options.port),
          WORKER_HOST: "127.0.0.1",
          WORKER_MODEL_VERSION: modelVersion,
          WORKER_FAULT_ERROR_RATE: String(errorRate),
        },
        detached: true,
        stdio: ["ignore", log, log],
      });
      child.unref();
      closeSync(log);
      if (child.pid === undefined) throw new Error("could not start the canary worker process");
      mkdirSync(dirname(options.stateFile), { recursive: true });
      writeFileSync(options.stateFile, JSON.stringify({ pid: child.pid, port: options.port, modelVersion, errorRate }));
      await waitForWorkerVersion(url, modelVersion, options.readyTimeoutMs);
      return url;
    },

    async stop() {
      const running = recorded();
      if (running && isAlive(running.pid)) {
        process.kill(running.pid, "SIGTERM");
        const deadline = Date.now() + 10_000;
        while (isAlive(running.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (isAlive(running.pid)) process.kill(running.pid, "SIGKILL");
      }
      rmSync(options.stateFile, { force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
