/**
 * The status page's numbers, read from Postgres at most once per `maxAgeMs` and only when
 * the page is asked for, so /recommend never waits on them. A failed read keeps the last
 * snapshot and records the failure, for the page to say so; it never throws.
 */
import { errorMessage } from "../../infra/log/logger.ts";
import type { StatusReader, StatusSnapshot } from "./status-snapshot.ts";

/** The last good snapshot, and the failure of the reads since, if they failed. */
export type StatusCacheState = {
  readonly snapshot: StatusSnapshot | null;
  readonly failure: { readonly at: number; readonly error: string } | null;
  /** True when a read is still running after the page stopped waiting for it. */
  readonly refreshing: boolean;
};

export type StatusCache = {
  /** Starts a read when the last began `maxAgeMs` ago or more; waits for it at most `waitMs`. */
  current(): Promise<StatusCacheState>;
};

export type StatusCacheOptions = {
  reader: StatusReader;
  /** Keys of the running experiments, whose numbers the read includes. */
  experiments: () => readonly string[];
  now: () => number;
  maxAgeMs?: number;
  waitMs?: number;
};

/** An empty cache; the first `current()` reads. */
export function createStatusCache(options: StatusCacheOptions): StatusCache {
  const maxAgeMs = options.maxAgeMs ?? 15_000;
  const waitMs = options.waitMs ?? 2_000;
  let snapshot: StatusSnapshot | null = null;
  let failure: StatusCacheState["failure"] = null;
  let lastStart = -Infinity;
  let running: Promise<void> | null = null;

  const state = (): StatusCacheState => ({ snapshot, failure, refreshing: running !== null });

  function refresh(): Promise<void> {
    lastStart = options.now();
    running = options.reader.read({ now: lastStart, experiments: options.experiments() })
      .then((read) => {
        snapshot = read;
        failure = null;
      }, (error) => {
        failure = { at: options.now(), error: errorMessage(error) };
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    async current() {
      // Rate-limited on the start of the last read, so an outage is not hammered either.
      if (!running && options.now() - lastStart >= maxAgeMs) void refresh();
      if (running) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
        await Promise.race([running, waited]);
        clearTimeout(timer);
      }
      return state();
    },
  };
}
