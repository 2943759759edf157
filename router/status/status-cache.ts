/**
 * The status page's numbers, read from Postgres (and the alerts, from Prometheus) at most
 * once per `maxAgeMs` and only when the page is asked for, so /recommend never waits on
 * them and an unwatched page costs the database nothing. The value is a `refreshing<T>` (infra/process/refreshing.ts) that
 * is never started: the page's requests call its `refresh()`, rate-limited here on the
 * start of the last read, and it keeps the last good snapshot through failed reads and
 * gives up a read that hangs past `timeoutMs`. A failure is recorded for the page to say
 * so; `current()` never throws.
 */
import { errorMessage } from "../../infra/log/logger.ts";
import { refreshing, type Timers } from "../../infra/process/refreshing.ts";
import type { StatusReader, StatusSnapshot } from "./status-snapshot.ts";

/** The last good value read, and the failure of the reads since, if they failed. */
export type ReadCacheState<T> = {
  readonly snapshot: T | null;
  readonly failure: { readonly at: number; readonly error: string } | null;
  /** True when a read is still running after the page stopped waiting for it. */
  readonly refreshing: boolean;
};

/** The status page's database numbers as the cache holds them. */
export type StatusCacheState = ReadCacheState<StatusSnapshot>;

export type ReadCache<T> = {
  /** Starts a read when the last began `maxAgeMs` ago or more; waits for it at most `waitMs`. */
  current(): Promise<ReadCacheState<T>>;
};

export type StatusCache = ReadCache<StatusSnapshot>;

export type ReadCacheOptions<T> = {
  /** One read, as of `now` (the time it starts); throws when the source cannot be read. */
  read(now: number): Promise<T>;
  now: () => number;
  maxAgeMs?: number;
  waitMs?: number;
  /**
   * A read still running after this long is given up as failed (a query on a connection
   * the database cut mid-flight), so the page says so and the next request reads again.
   */
  timeoutMs?: number;
  /** The waits' timers; tests pass a fake clock. */
  timers?: Timers;
  /** True when the value no longer answers the question it was read for: read again now, whatever its age. */
  outdated?: () => boolean;
};

export type StatusCacheOptions = Omit<ReadCacheOptions<StatusSnapshot>, "read"> & {
  reader: StatusReader;
  /** Keys of the running experiments, whose numbers the read includes. */
  experiments: () => readonly string[];
};

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** An empty cache of the status page's database numbers; the first `current()` reads. */
export function createStatusCache(options: StatusCacheOptions): StatusCache {
  const { reader, experiments, ...rest } = options;
  // The numbers are read for the experiments running then. A router that starts serving
  // before its rules load reads for none; once the rules name experiments, read again.
  const keyOf = (keys: readonly string[]) => keys.join("\0");
  let readFor: string | null = null;
  return createReadCache({
    ...rest,
    read: (now) => {
      const keys = experiments();
      readFor = keyOf(keys);
      return reader.read({ now, experiments: keys });
    },
    outdated: () => readFor !== null && readFor !== keyOf(experiments()),
  });
}

/** An empty cache of whatever `read` returns; the first `current()` reads. */
export function createReadCache<T>(options: ReadCacheOptions<T>): ReadCache<T> {
  const maxAgeMs = options.maxAgeMs ?? 15_000;
  const waitMs = options.waitMs ?? 2_000;
  const timers = options.timers ?? realTimers;
  let failure: ReadCacheState<T>["failure"] = null;
  let lastStart = -Infinity;
  let running: Promise<void> | null = null;

  const snapshot = refreshing<T | null>({
    initial: null,
    load: () => options.read(lastStart),
    // Only read by start(), which the cache never calls: reads follow the page's requests.
    intervalMs: maxAgeMs,
    timeoutMs: options.timeoutMs ?? 30_000,
    onError: (error) => {
      failure = { at: options.now(), error: errorMessage(error) };
    },
    onRecover: () => {
      failure = null;
    },
    timers,
  });

  function refresh(): void {
    lastStart = options.now();
    running = snapshot.refresh().finally(() => {
      running = null;
    });
  }

  return {
    async current() {
      // Rate-limited on the start of the last read, so an outage is not hammered either.
      if (!running && (options.now() - lastStart >= maxAgeMs || options.outdated?.())) refresh();
      if (running) {
        let timer: unknown;
        const waited = new Promise<void>((resolve) => (timer = timers.setTimeout(resolve, waitMs)));
        await Promise.race([running, waited]);
        timers.clearTimeout(timer);
      }
      return { snapshot: snapshot.current(), failure, refreshing: running !== null };
    },
  };
}
