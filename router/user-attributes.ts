/**
 * Users' profiles (age band, gender, occupation) for attribute targeting, held in memory so
 * a request costs one Map lookup. Loaded from user_profiles only while some rule targets by
 * attributes, refreshed periodically; a failed load keeps the last map.
 */
import type { UserAttributes } from "../shared/rules/index.ts";
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import { refreshing, type Timers } from "../infra/process/refreshing.ts";

export type UserAttributesHolder = {
  /** The user's profile, or undefined when none is known (attribute targeting then skips them). */
  get(userId: number): UserAttributes | undefined;
  /** Loads the map when it is needed; during a load, checks once more after it. Never throws. */
  refresh(): Promise<void>;
  /** Refreshes now and every `refreshMs`. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

export type UserAttributesOptions = {
  load: () => Promise<ReadonlyMap<number, UserAttributes>>;
  /**
   * A cheap fingerprint of the stored profiles: the whole table is read again only when
   * it changes (profiles change when profiles:sync runs, not every refresh).
   */
  version: () => Promise<string>;
  /** Whether any rule in force targets by attributes; nothing is loaded otherwise. */
  needed: () => boolean;
  refreshMs: number;
  log: Logger;
  timers?: Timers;
};

type Loaded = { readonly users: ReadonlyMap<number, UserAttributes>; readonly version: string | null };

const NONE: Loaded = { users: new Map(), version: null };

/** An empty holder; `start()` loads it and keeps it current. */
export function createUserAttributes(options: UserAttributesOptions): UserAttributesHolder {
  const held = refreshing<Loaded>({
    initial: NONE,
    async load(previous) {
      // Nothing targets attributes any more: the memory goes, and a later need reloads.
      if (!options.needed()) return NONE;
      const version = await options.version();
      if (version === previous.version) return previous;
      const users = await options.load();
      options.log.info("user attributes loaded", { users: users.size, version });
      return { users, version };
    },
    intervalMs: options.refreshMs,
    onError(error, streak) {
      if (streak > 1) return;
      options.log.warn("cannot load user attributes: keeping the last ones", {
        users: held.current().users.size,
        error: errorMessage(error),
      });
    },
    timers: options.timers,
  });
  return {
    get: (userId) => held.current().users.get(userId),
    refresh: held.refresh,
    start: held.start,
    stop: held.stop,
  };
}
