/**
 * Which workers may receive requests: active checks (GET /readyz) mark a worker up or
 * down; passive ejection takes a worker out for `ejectForMs` after `ejectAfterFailures`
 * consecutive failed requests. Pure state; callers pass the time.
 */

/** One worker's standing, as /metrics and tests see it. */
export type UpstreamState = {
  url: string;
  ready: boolean | null;
  failures: number;
  ejectedUntil: number;
};

export type UpstreamHealthOptions = { ejectAfterFailures: number; ejectForMs: number };

/** Health of every worker URL the router has seen. */
export type UpstreamHealth = {
  /** Up unless its last check failed or it is ejected; a URL never checked counts as up. */
  isAvailable(url: string, now: number): boolean;
  recordSuccess(url: string): void;
  recordFailure(url: string, now: number): void;
  recordCheck(url: string, ready: boolean): void;
  /** Forgets URLs no longer in the rules. */
  retain(urls: Set<string>): void;
  states(): UpstreamState[];
};

/** Empty health state: every worker starts available. */
export function createUpstreamHealth(options: UpstreamHealthOptions): UpstreamHealth {
  const states = new Map<string, UpstreamState>();
  const stateOf = (url: string) => {
    let state = states.get(url);
    if (!state) {
      state = { url, ready: null, failures: 0, ejectedUntil: 0 };
      states.set(url, state);
    }
    return state;
  };
  return {
    isAvailable(url, now) {
      const state = states.get(url);
      return !state || (state.ready !== false && now >= state.ejectedUntil);
    },
    recordSuccess(url) {
      stateOf(url).failures = 0;
    },
    recordFailure(url, now) {
      const state = stateOf(url);
      state.failures += 1;
      if (state.failures >= options.ejectAfterFailures && now >= state.ejectedUntil) {
        state.ejectedUntil = now + options.ejectForMs;
        // Back on probation after the ejection: one more failure ejects it again.
        state.failures = options.ejectAfterFailures - 1;
      }
    },
    recordCheck(url, ready) {
      stateOf(url).ready = ready;
    },
    retain(urls) {
      for (const url of states.keys()) if (!urls.has(url)) states.delete(url);
    },
    states: () => [...states.values()].map((s) => ({ ...s })),
  };
}
