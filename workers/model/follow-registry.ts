/**
 * Keeps the worker on the model the registry names (a pinned version, or
 * whichever is in production). Polling rather than LISTEN/NOTIFY: the embedded
 * database does not deliver notifications across connections. A row is acted on
 * once per change, so a refused artifact is not reloaded on every poll, and an
 * admin's manual swap stands until the registry changes again.
 */
import type { Logger } from "../../infra/log/logger.ts";
import type { ModelManager } from "./model-manager.ts";
import type { ModelRegistry } from "./model-registry.ts";
import { errorMessage } from "../../infra/log/logger.ts";

export type RegistryFollower = {
  /** Reads the registry once and swaps when the selected row changed; never throws. */
  poll(): Promise<void>;
  /** Stops the periodic polls. */
  stop(): void;
};

/** Polls `registry` for `selector` every `everyMs` (the first poll at once) and loads what it names. */
export function followRegistry(options: { registry: ModelRegistry; manager: ModelManager; selector: string; everyMs: number; log: Logger }): RegistryFollower {
  const { registry, manager, selector, log } = options;
  let lastSeen: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function poll(): Promise<void> {
    let entry;
    try {
      entry = await registry.resolve(selector);
    } catch (error) {
      return log.warn("model registry unreachable; serving on", { selector, error: errorMessage(error) });
    }
    const key = entry ? `${entry.version}\n${entry.artifactPath}` : null;
    if (key === lastSeen) return;
    lastSeen = key;
    if (!entry) return log.warn("the registry names no model yet", { selector });
    if (manager.current()?.version === entry.version) return;
    const outcome = await manager.loadPath(entry.artifactPath, entry.version);
    if (outcome.ok) log.info("model swapped from the registry", { selector, version: outcome.version, previousVersion: outcome.previousVersion });
    else log.error("registry model refused; the current model keeps serving", { selector, version: entry.version, reason: outcome.reason });
  }

  const loop = async () => {
    await poll();
    if (!stopped) timer = setTimeout(loop, options.everyMs);
  };
  void loop();
  return {
    poll,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
