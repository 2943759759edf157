/**
 * The answer the router gives without a worker: a popular-movies list held in memory, so
 * it costs nothing per request and survives the database going away.
 */
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import { refreshing, type Timers } from "../infra/process/refreshing.ts";
import { isMovieId } from "../shared/movielog/movie-id.ts";
import { MAX_ANSWER_ITEMS } from "../shared/recommendation/max-answer-items.ts";

/** A list and where it came from (e.g. `registry:als-2024-05-01`, `watch_sessions`, `static`). */
export type Fallback = { items: readonly string[]; source: string };

/** A list as loaded from the database, not yet checked. */
export type LoadedFallback = { items: readonly unknown[]; source: string };

export type FallbackList = {
  current(): Fallback;
  /** Re-reads the list; keeps the current one when loading fails or finds nothing. Never throws. */
  refresh(): Promise<void>;
  /** Refreshes now and every `refreshMs`. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** The first MAX_ANSWER_ITEMS distinct well-formed ids: a bad registry id must not reach a user. */
export function cleanItems(items: readonly unknown[]): string[] {
  const ids = items.filter((id): id is string => typeof id === "string" && isMovieId(id));
  return [...new Set(ids)].slice(0, MAX_ANSWER_ITEMS);
}

/** Whether two lists hold the same ids in the same order, from the same source. */
function sameFallback(a: Fallback, b: Fallback): boolean {
  return a.source === b.source && a.items.length === b.items.length && a.items.every((id, i) => id === b.items[i]);
}

/** A list starting at `initial` (cleaned), refreshed by `load` (null: nothing to offer). */
export function createFallbackList(options: {
  initial: Fallback;
  load: () => Promise<LoadedFallback | null>;
  /** Between refreshes once started (ROUTER_FALLBACK_REFRESH_MS). */
  refreshMs: number;
  log: Logger;
  /** A loaded list replaced the one held (other ids or another source); persisted by main.ts. */
  onChange?: (fallback: Fallback) => void;
  timers?: Timers;
}): FallbackList {
  const list: FallbackList = refreshing<Fallback>({
    // Cleaned like every loaded list: the answer format refuses more than MAX_ANSWER_ITEMS ids.
    initial: { ...options.initial, items: cleanItems(options.initial.items) },
    async load(fallback) {
      const loaded = await options.load();
      const items = loaded ? cleanItems(loaded.items) : [];
      if (!loaded || items.length === 0) return fallback;
      if (loaded.source !== fallback.source) {
        options.log.info("fallback list source changed", { from: fallback.source, to: loaded.source });
      }
      const next = { items, source: loaded.source };
      if (!sameFallback(next, fallback)) options.onChange?.(next);
      return next;
    },
    intervalMs: options.refreshMs,
    onError(error, streak) {
      if (streak > 1) return;
      options.log.warn("cannot refresh the fallback list: keeping the last one", {
        source: list.current().source,
        error: errorMessage(error),
      });
    },
    timers: options.timers,
  });
  return list;
}
