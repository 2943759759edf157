/**
 * Keeps the worker on the model the registry names (a pinned version, or
 * whichever is in production). Polling rather than LISTEN/NOTIFY: the embedded
 * database does not deliver notifications across connections. A row is acted on
 * once per change, so a refused artifact is not reloaded on every poll, and an
 * admin's manual swap stands until the registry changes again.
 */
import type { Logger } from "../../infra/log/logger.ts";
import { refreshing, type Timers } from "../../infra/process/refreshing.ts";
import type { ModelManager } from "./model-manager.ts";
import type { ModelRegistry } from "./model-registry.ts";
import { errorMessage } from "../../infra/log/logger.ts";

export type RegistryFollower = {
  /** Reads the registry once and swaps when the selected row changed; never throws. */
  poll(): Promise<void>;
  /** Stops the periodic polls and waits for a running one. */
  stop(): Promise<void>;
};

export type FollowRegistryOptions = {
  registry: ModelRegistry;
  manager: ModelManager;
  selector: string;
  everyMs: number;
  log: Logger;
  timers?: Timers;
};

/** Polls `registry` for `selector` every `everyMs` (the first poll at once) and loads what it names. */
export function followRegistry(options: FollowRegistryOptions): RegistryFollower {
  const { registry, manager, selector, log } = options;
  // The value kept is the registry row last acted on (version and path), null before any.
  const lastSeen = refreshing<string | null>({
    initial: null,
    async load(previous) {
      const entry = await registry.resolve(selector);
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
    onError: (error) => log.warn("model registry unreachable; serving on", { selector, error: errorMessage(error) }),
    timers: options.timers,
  });
  void lastSeen.start();
  return { poll: lastSeen.refresh, stop: lastSeen.stop };
}
