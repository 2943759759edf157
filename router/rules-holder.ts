/**
 * The rules the router serves with, kept current: a new version applies within a second
 * through LISTEN/NOTIFY, with version polling as the safety net (and the only path on the
 * embedded database, which does not deliver NOTIFY across connections). The last good
 * rules stay in force while the database is down or the stored document is invalid.
 */
import { parseRuleSet, type RuleSet } from "../shared/rules/index.ts";
import { errorMessage, type Logger } from "../infra/log/logger.ts";

/** Where the rules come from (Postgres in production, a fake in tests). */
export type RulesSource = {
  /** The stored document, unvalidated; null when none is stored yet. */
  read(): Promise<unknown>;
  readVersion(): Promise<number>;
  /** Calls `onChange` on every change notification; resolves to a stop function. */
  listen(onChange: () => void): Promise<() => Promise<void>>;
};

export type RulesHolder = {
  /** The rules in force, or null until a valid document was first read. */
  current(): RuleSet | null;
  /** Reads the document and applies it when it is valid; never throws. */
  refresh(): Promise<void>;
  /** Reads the version and refreshes when it differs from the one in force; never throws. */
  poll(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

export type RulesHolderOptions = {
  source: RulesSource;
  pollMs: number;
  log: Logger;
  /** Whether to LISTEN as well as poll. */
  listen?: boolean;
  onApply?: (rules: RuleSet) => void;
};

/** A holder with no rules yet; `start()` reads them and keeps them current. */
export function createRulesHolder(options: RulesHolderOptions): RulesHolder {
  const { source, log } = options;
  let rules: RuleSet | null = null;
  let refused: number | null = null; // an invalid version, not re-read until it changes
  let unreachable = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let unlisten: (() => Promise<void>) | null = null;

  const failed = (error: unknown) => {
    if (!unreachable) {
      log.warn("rules database unreachable: keeping the rules in force", {
        version: rules?.version ?? null,
        error: errorMessage(error),
      });
    }
    unreachable = true;
  };
  const reachable = () => {
    if (unreachable) {
      log.info("rules database reachable again", { version: rules?.version ?? null });
    }
    unreachable = false;
  };

  async function load(): Promise<void> {
    const document = await source.read();
    reachable();
    if (document === null) return;
    const parsed = parseRuleSet(document);
    const version = (document as { version?: unknown }).version;
    if (!parsed.ok) {
      if (refused !== version) {
        log.error("refused invalid rules: keeping the rules in force", {
          refusedVersion: version,
          version: rules?.version ?? null,
          errors: parsed.errors,
        });
      }
      refused = typeof version === "number" ? version : null;
      return;
    }
    refused = null;
    if (rules?.version === parsed.rules.version) return;
    rules = parsed.rules;
    log.info("rules applied", { version: rules.version });
    options.onApply?.(rules);
  }

  // One read at a time; a change notified during a read triggers one more read after it.
  function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await load().catch(failed);
      } while (again);
      running = null;
    })();
    return running;
  }

  async function poll(): Promise<void> {
    try {
      const version = await source.readVersion();
      reachable();
      if (version !== rules?.version && version !== refused) await refresh();
    } catch (error) {
      failed(error);
    }
  }

  return {
    current: () => rules,
    refresh,
    poll,
    async start() {
      await refresh();
      if (options.listen !== false) {
        unlisten = await source.listen(() => void refresh()).catch((error) => {
          log.warn("LISTEN rules_changed failed: relying on polling", {
            error: errorMessage(error),
          });
          return null;
        });
      }
      timer = setInterval(() => void poll(), options.pollMs);
    },
    async stop() {
      clearInterval(timer);
      await unlisten?.();
      await running;
    },
  };
}
