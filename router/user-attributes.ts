/**
 * Users' profiles (age band, gender, occupation) for attribute targeting, held in memory so
 * a request costs one Map lookup. Loaded from user_profiles only while some rule targets by
 * attributes, refreshed periodically; a failed load keeps the last map.
 */
import type { UserAttributes } from "../shared/rules/index.ts";
import { errorMessage, type Logger } from "../infra/log/logger.ts";

export type UserAttributesHolder = {
  /** The user's profile, or undefined when none is known (attribute targeting then skips them). */
  get(userId: number): UserAttributes | undefined;
  /** Loads the map when it is needed; never throws. */
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
};

/** An empty holder; `start()` loads it and keeps it current. */
export function createUserAttributes(options: UserAttributesOptions): UserAttributesHolder {
  let users: ReadonlyMap<number, UserAttributes> = new Map();
  let loadedVersion: string | null = null;
  let failing = false;
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;

  async function load(): Promise<void> {
    if (!options.needed()) {
      // Nothing targets attributes any more: the memory goes, and a later need reloads.
      users = new Map();
      loadedVersion = null;
      return;
    }
    try {
      const version = await options.version();
      if (version === loadedVersion) {
        failing = false;
        return;
      }
      const loaded = await options.load();
      options.log.info("user attributes loaded", { users: loaded.size, version });
      users = loaded;
      loadedVersion = version;
      failing = false;
    } catch (error) {
      if (!failing) {
        options.log.warn("cannot load user attributes: keeping the last ones", {
          users: users.size,
          error: errorMessage(error),
        });
      }
      failing = true;
    }
  }

  // One load at a time: a refresh asked for during a load shares it.
  const refresh = () => (running ??= load().finally(() => (running = null)));

  return {
    get: (userId) => users.get(userId),
    refresh,
    async start() {
      await refresh();
      timer = setInterval(() => void refresh(), options.refreshMs);
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
