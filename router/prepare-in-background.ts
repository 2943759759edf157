/**
 * Prepares a dependency (the router's database: started, migrated, seeded) while the
 * router already serves: one attempt now, then again after a growing backoff until one
 * succeeds. A start that cannot reach the dependency logs one line saying so and what the
 * router serves meanwhile, and one line when it is reached; the attempts between stay
 * quiet. Runtime-neutral: timers and the clock are passed in.
 */
import { errorMessage, type LogFields, type Logger } from "../infra/log/logger.ts";
import type { Timers } from "../infra/process/refreshing.ts";
import { backoffDelay } from "../shared/retry/backoff-delay.ts";

export type BackgroundPreparation = {
  /** Resolves true once an attempt succeeded and `onReady` ran, false when stopped before. */
  readonly done: Promise<boolean>;
  /** No attempt starts after this; resolves once the one running (if any) has ended. */
  stop(): Promise<void>;
};

export type PrepareInBackgroundOptions = {
  /** Named in the log lines, e.g. "database". */
  dependency: string;
  /** One attempt; throwing schedules the next. */
  attempt: () => Promise<void>;
  /** Runs once, after the first attempt that succeeded. */
  onReady: () => void;
  /** What the router serves while the dependency is unreachable, for the log line. */
  servingFrom: () => LogFields;
  log: Logger;
  /** First wait between attempts; they double up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  now: () => number;
  timers?: Timers;
};

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Starts the attempts now. */
export function prepareInBackground(options: PrepareInBackgroundOptions): BackgroundPreparation {
  const { log, dependency } = options;
  const timers = options.timers ?? realTimers;
  let stopped = false;
  let wake: (() => void) | null = null;
  let running: Promise<unknown> | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = timers.setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        timers.clearTimeout(handle);
        wake = null;
        resolve();
      };
    });

  async function loop(): Promise<boolean> {
    const since = options.now();
    let failures = 0;
    while (!stopped) {
      try {
        running = options.attempt();
        await running;
      } catch (error) {
        if (stopped) return false;
        if (failures === 0) {
          log.warn(
            `${dependency} unreachable at start: serving without it, retrying in the background`,
            {
              error: errorMessage(error),
              ...options.servingFrom(),
            },
          );
        }
        await pause(backoffDelay(failures, options.maxBackoffMs, options.baseBackoffMs));
        failures += 1;
        continue;
      } finally {
        running = null;
      }
      if (stopped) return false;
      if (failures > 0) {
        log.info(`${dependency} reachable`, {
          attempts: failures + 1,
          unreachableForMs: options.now() - since,
        });
      }
      options.onReady();
      return true;
    }
    return false;
  }

  const done = loop();
  return {
    done,
    async stop() {
      stopped = true;
      wake?.();
      await running?.catch(() => {});
    },
  };
}
