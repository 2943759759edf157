/**
 * The answer the router gives without a worker: a popular-movies list held in memory, so
 * it costs nothing per request and survives the database going away.
 */
import { errorMessage, type Logger } from "../infra/log/logger.ts";
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
};

/** The first MAX_ANSWER_ITEMS distinct well-formed ids: a bad registry id must not reach a user. */
export function cleanItems(items: readonly unknown[]): string[] {
  const ids = items.filter((id): id is string => typeof id === "string" && isMovieId(id));
  return [...new Set(ids)].slice(0, MAX_ANSWER_ITEMS);
}

/** A list starting at `initial` (cleaned), refreshed by `load` (null: nothing to offer). */
export function createFallbackList(options: {
  initial: Fallback;
  load: () => Promise<LoadedFallback | null>;
  log: Logger;
}): FallbackList {
  // Cleaned like every loaded list: the answer format refuses more than MAX_ANSWER_ITEMS ids.
  let fallback: Fallback = { ...options.initial, items: cleanItems(options.initial.items) };
  let failing = false;
  return {
    current: () => fallback,
    async refresh() {
      try {
        const loaded = await options.load();
        failing = false;
        const items = loaded ? cleanItems(loaded.items) : [];
        if (!loaded || items.length === 0) return;
        if (loaded.source !== fallback.source) {
          options.log.info("fallback list source changed", {
            from: fallback.source,
            to: loaded.source,
          });
        }
        fallback = { items, source: loaded.source };
      } catch (error) {
        if (!failing) {
          options.log.warn("cannot refresh the fallback list: keeping the last one", {
            source: fallback.source,
            error: errorMessage(error),
          });
        }
        failing = true;
      }
    },
  };
}
