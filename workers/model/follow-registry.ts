/**
 * Keeps the worker on the model the registry names (a pinned version, or
 * whichever is in production). Polling rather than LISTEN/NOTIFY: the embedded
 * database does not deliver notifications across connections. A row is acted on
 * once per change, so a refused artifact is not reloaded on every poll, and an
 * admin's manual swap stands until the registry changes again.
 *
 * An unreachable registry is an outage to ride out, not an error per poll: the model
 * in memory keeps serving, one line says the registry is gone (and one that it is
 * back), and reads back off from `everyMs` to `maxBackoffMs`. A read is given up after
 * `readTimeoutMs`, so a connection that died without closing cannot hold the loop, and
 * at once on `stop()`, so a dead database never delays a shutdown.
 */
import type { Logger } from "../../infra/log/logger.ts";
import { refreshing, type Timers } from "../../infra/process/refreshing.ts";
import { backoffDelay } from "../../shared/retry/backoff-delay.ts";
import type { ModelManager } from "./model-manager.ts";
import type { ModelRegistry, RegistryEntry } from "./model-registry.ts";
import { errorMessage } from "../../infra/log/logger.ts";

export type RegistryFollower = {
  /** Reads the registry once (unless backing off) and swaps when the selected row changed; never throws. */
  poll(): Promise<void>;
  /** Stops the periodic polls, gives up a read in flight, and waits for a running swap. */
  stop(): Promise<void>;
};

export type FollowRegistryOptions = {
  registry: ModelRegistry;
  manager: ModelManager;
  selector: string;
  everyMs: number;
  log: Logger;
  timers?: Timers;
  /** A monotonic clock in ms (the backoff's); performance.now by default. */
  now?: () => number;
  /** The longest wait between reads while the registry is unreachable; at least `everyMs`. */
  maxBackoffMs?: number;
  /** A read without an answer after this long counts as failed. */
  readTimeoutMs?: number;
  /** Each read's result, for the metrics. */
  onRead?: (result: "ok" | "failed") => void;
  /** The first failed read of an outage (the one logged); the worker restores its remembered artifact here. */
  onUnreachable?: (error: unknown) => void;
};

/** Registry reads back off to one every 5 s: a returning database is seen within seconds. */
export const REGISTRY_MAX_BACKOFF_MS = 5_000;
/**
 * A healthy read takes milliseconds, a busy embedded database some hundreds; a database
 * that vanished without closing its connections (a host down) would otherwise hold the
 * first read for the driver's 10 s connect timeout before the worker restores its
 * remembered artifact. A read given up too early only counts as one failed read.
 */
export const REGISTRY_READ_TIMEOUT_MS = 3_000;

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Polls `registry` for `selector` every `everyMs` (the first poll at once) and loads what it names. */
export function followRegistry(options: FollowRegistryOptions): RegistryFollower {
  const { registry, manager, selector, log } = options;
  const timers = options.timers ?? realTimers;
  const now = options.now ?? (() => performance.now());
  const maxBackoffMs = Math.max(options.everyMs, options.maxBackoffMs ?? REGISTRY_MAX_BACKOFF_MS);
  const readTimeoutMs = options.readTimeoutMs ?? REGISTRY_READ_TIMEOUT_MS;
  let failures = 0; // failed reads in a row: the outage's length
  let retryAt = 0;
  let stopped = false;
  let giveUp: (error: Error) => void = () => {};
  const stopping = new Promise<never>((_, reject) => (giveUp = reject));
  stopping.catch(() => {}); // only ever raced; a stop with no read in flight is nobody's error

  /** The registry's answer, or a rejection after `readTimeoutMs` or on stop. */
  function read(): Promise<RegistryEntry | null> {
    const answer = registry.resolve(selector);
    answer.catch(() => {}); // a read given up may still fail later: nobody waits for it
    let handle: unknown;
    const expired = new Promise<never>((_, reject) => {
      handle = timers.setTimeout(() => reject(new Error(`no answer after ${readTimeoutMs} ms`)), readTimeoutMs);
    });
    return Promise.race([answer, expired, stopping]).finally(() => timers.clearTimeout(handle));
  }

  // The value kept is the registry row last acted on (version and path), null before any.
  const lastSeen = refreshing<string | null>({
    initial: null,
    async load(previous) {
      if (failures > 0 && now() < retryAt) return previous; // backing off
      let entry: RegistryEntry | null;
      try {
        entry = await read();
      } catch (error) {
        if (stopped) return previous;
        failures += 1;
        retryAt = now() + backoffDelay(failures - 1, maxBackoffMs, options.everyMs);
        options.onRead?.("failed");
        if (failures === 1) {
          log.warn("model registry unreachable; serving on and retrying in the background", {
            selector, error: errorMessage(error), serving: manager.current()?.version ?? null,
          });
          options.onUnreachable?.(error);
        }
        return previous;
      }
      options.onRead?.("ok");
      if (failures > 0) log.info("model registry reachable again", { selector, failedReads: failures });
      failures = 0;
      if (stopped) return previous;
      const key = entry ? `${entry.version}\n${entry.artifactPath}` : null;
      if (key === previous) return previous;
      if (!entry) {
        log.warn("the registry names no model yet", { selector });
      } else if (manager.current()?.version !== entry.version) {
        const outcome = await manager.loadPath(entry.artifactPath, entry.version);
        if (outcome.ok) log.info("model swapped from the registry", { selector, version: outcome.version, previousVersion: outcome.previousVersion });
        else log.error("registry model refused; the current model keeps serving", { selector, version: entry.version, reason: outcome.reason });
      }
      return key;
    },
    intervalMs: options.everyMs,
    // load() turns every failure into a value; this only guards against a bug in it.
    onError: (error) => log.error("registry poll failed", { selector, error: errorMessage(error) }),
    timers,
  });
  void lastSeen.start();
  return {
    poll: lastSeen.refresh,
    async stop() {
      stopped = true;
      giveUp(new Error("the worker is stopping"));
      await lastSeen.stop();
    },
  };
}
