/**
 * A value kept current by a long-running process: loaded now, reloaded `intervalMs` after
 * each load finished, the last good value kept when a load fails. The router's rules,
 * user attributes and fallback list, the worker's registry row and ingestion's metrics all
 * refresh this way. Runtime-neutral (timers only), for Bun and Deno alike.
 */

/** The timer functions a refresh loop schedules with; tests pass a fake clock. */
export type Timers = {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type RefreshingOptions<T> = {
  /** The value before the first good load. */
  readonly initial: T;
  /**
   * The next value, given the one in force (return it unchanged to keep it). Throwing
   * keeps the value in force and reports the error to `onError`.
   */
  load(previous: T): Promise<T>;
  /** Milliseconds from the end of one load to the start of the next. */
  readonly intervalMs: number;
  /**
   * A load still running after this many milliseconds is given up and counted as a
   * failure, so one hung load (a query on a connection that died mid-flight) cannot hold
   * the loop, or a refresh asked for meanwhile, for as long as the driver takes to notice.
   * Its late result is ignored. Unset: a load runs as long as it takes.
   */
  readonly timeoutMs?: number;
  /** A load failed; `streak` counts the failures in a row (1 for the first, to log once per outage). Must not throw. */
  onError?(error: unknown, streak: number): void;
  /** A load succeeded after `streak` failures in a row. Must not throw. */
  onRecover?(streak: number): void;
  readonly timers?: Timers;
};

export type Refreshing<T> = {
  /** The last good value, or `initial` until a load succeeded. */
  current(): T;
  /**
   * Loads now. During a load, asks for one more after it (however often it is asked), so
   * the value reflects a load begun after the call. Never throws.
   */
  refresh(): Promise<void>;
  /** Loads now, then every `intervalMs` after the previous load finished; resolves after the first load. */
  start(): Promise<void>;
  /** Stops the interval and waits for a running load. */
  stop(): Promise<void>;
};

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A value at `initial`, loaded by `start()` or `refresh()` and kept current until `stop()`. */
export function refreshing<T>(options: RefreshingOptions<T>): Refreshing<T> {
  if (!(Number.isFinite(options.intervalMs) && options.intervalMs > 0)) {
    throw new Error(`Cannot refresh as 'intervalMs' must be a positive number: current value is ${options.intervalMs}`);
  }
  const timers = options.timers ?? realTimers;
  let value = options.initial;
  let streak = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let started: Promise<void> | null = null;
  let stopped = false;
  let timer: unknown;

  /** `options.load`, given up after `timeoutMs`. */
  function boundedLoad(previous: T): Promise<T> {
    const attempt = options.load(previous);
    const limit = options.timeoutMs;
    if (limit === undefined) return attempt;
    attempt.catch(() => {}); // a given-up load may still fail later: nobody waits for it
    let handle: unknown;
    const expired = new Promise<never>((_, reject) => {
      handle = timers.setTimeout(() => reject(new Error(`the load was still running after ${limit} ms: given up`)), limit);
    });
    return Promise.race([attempt, expired]).finally(() => timers.clearTimeout(handle));
  }

  async function loadOnce(): Promise<void> {
    try {
      value = await boundedLoad(value);
    } catch (error) {
      streak += 1;
      options.onError?.(error, streak);
      return;
    }
    if (streak > 0) options.onRecover?.(streak);
    streak = 0;
  }

  function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await loadOnce();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  const schedule = () => {
    if (!stopped) timer = timers.setTimeout(() => void refresh().finally(schedule), options.intervalMs);
  };

  return {
    current: () => value,
    refresh,
    start() {
      started ??= refresh().finally(schedule);
      return started;
    },
    async stop() {
      stopped = true;
      timers.clearTimeout(timer);
      await running;
    },
  };
}
