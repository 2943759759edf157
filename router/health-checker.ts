/** Active health checks: GET <worker>/readyz on every worker in the rules, on an interval. */
import type { Logger } from "../infra/log/logger.ts";
import type { UpstreamHealth } from "./upstream-health.ts";

export type HealthChecker = { checkNow(): Promise<void>; stop(): void };

/** Starts checking at once and then every `intervalMs`; a check gets at most `timeoutMs`. */
export function startHealthChecks(deps: {
  urls: () => string[];
  health: UpstreamHealth;
  fetch: typeof fetch;
  intervalMs: number;
  timeoutMs: number;
  log: Logger;
}): HealthChecker {
  const last = new Map<string, boolean>();

  async function check(url: string): Promise<void> {
    let ready = false;
    try {
      const response = await deps.fetch(`${url.replace(/\/+$/, "")}/readyz`, {
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      await response.body?.cancel();
      ready = response.ok;
    } catch {
      ready = false;
    }
    deps.health.recordCheck(url, ready);
    if (last.get(url) !== ready) {
      deps.log.info(ready ? "worker ready" : "worker not ready", { url });
    }
    last.set(url, ready);
  }

  let checking: Promise<void> | null = null;
  function checkNow(): Promise<void> {
    // Skip a tick while the previous round still waits on slow workers.
    checking ??= (async () => {
      const urls = [...new Set(deps.urls())];
      deps.health.retain(new Set(urls));
      for (const url of last.keys()) if (!urls.includes(url)) last.delete(url);
      await Promise.all(urls.map(check));
      checking = null;
    })();
    return checking;
  }

  void checkNow();
  const timer = setInterval(() => void checkNow(), deps.intervalMs);
  return { checkNow, stop: () => clearInterval(timer) };
}
