/**
 * The router's state directory (ROUTER_STATE_DIR): read once at start, written on every
 * change of the rules applied or of the fallback list. A write goes to a temporary file
 * that is renamed over the old one, so a reader (this router's next start, or another
 * router sharing the directory) sees the old file or the new one, never half of one.
 * Nothing here throws into the router: a missing, unreadable or corrupt file is a start
 * from the static fallback, a failed write a warning.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomically } from "../infra/files/write-file-atomically.ts";
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import type { RuleSet } from "../shared/rules/index.ts";
import type { Fallback } from "./fallback-list.ts";
import {
  type Decoded,
  decodePersistedFallback,
  decodePersistedRules,
  encodePersistedFallback,
  encodePersistedRules,
  PERSISTED_FILES,
} from "./persisted-state.ts";

/** What the directory held for the router's database. */
export type PersistedRouterState = {
  readonly rules: RuleSet | null;
  readonly fallback: Fallback | null;
};

export type RouterStateStore = {
  /** Reads both files; null for a file that is absent, unusable or another database's. Never throws. */
  read(): PersistedRouterState;
  /** Writes the rules file (the latest of several saves asked for at once wins). Never throws. */
  saveRules(rules: RuleSet): Promise<void>;
  /** Writes the fallback file. Never throws. */
  saveFallback(fallback: Fallback): Promise<void>;
  /** Resolves once every save asked for so far has finished. */
  settled(): Promise<void>;
};

export type RouterStateStoreOptions = {
  dir: string;
  /** databaseIdentity() of the router's database: files of another database are ignored. */
  database: string;
  log: Logger;
  now?: () => Date;
};

/** A store over `dir` (created on the first write). */
export function createRouterStateStore(options: RouterStateStoreOptions): RouterStateStore {
  const { dir, database, log } = options;
  const now = options.now ?? (() => new Date());

  function readOne<T>(
    name: string,
    decode: (text: string, database: string) => Decoded<T>,
  ): T | null {
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") {
        log.warn("cannot read the router state: ignored", {
          file: path,
          error: errorMessage(error),
        });
      }
      return null;
    }
    const decoded = decode(text, database);
    if (decoded.kind === "invalid") {
      log.warn("ignored a corrupt router state file", { file: path, reason: decoded.reason });
      return null;
    }
    if (decoded.kind === "other-database") {
      log.info("ignored the router state of another database", {
        file: path,
        stateOf: decoded.database,
        database,
      });
      return null;
    }
    return decoded.value;
  }

  const rules = fileWriter(join(dir, PERSISTED_FILES.rules), log);
  const fallback = fileWriter(join(dir, PERSISTED_FILES.fallback), log);
  return {
    read: () => ({
      rules: readOne(PERSISTED_FILES.rules, decodePersistedRules),
      fallback: readOne(PERSISTED_FILES.fallback, decodePersistedFallback),
    }),
    saveRules: (value) => rules.save(encodePersistedRules(value, database, now())),
    saveFallback: (value) => fallback.save(encodePersistedFallback(value, database, now())),
    settled: async () => {
      await Promise.all([rules.settled(), fallback.settled()]);
    },
  };
}

/** Writes one file, one write at a time; a save asked for during a write replaces any still waiting. */
function fileWriter(path: string, log: Logger) {
  let waiting: string | null = null;
  let running: Promise<void> | null = null;
  let failures = 0;

  async function run(): Promise<void> {
    try {
      while (waiting !== null) {
        const text = waiting;
        waiting = null;
        try {
          await writeFileAtomically(path, text);
          if (failures > 0) {
            log.info("router state written again", { file: path, failedWrites: failures });
          }
          failures = 0;
        } catch (error) {
          // Once per outage (a full or read-only disk): the router serves on regardless.
          if (failures === 0) {
            log.warn("cannot write the router state", { file: path, error: errorMessage(error) });
          }
          failures += 1;
        }
      }
    } finally {
      running = null;
    }
  }

  return {
    save(text: string): Promise<void> {
      waiting = text;
      running ??= run();
      return running;
    },
    settled: () => running ?? Promise.resolve(),
  };
}
