/**
 * The rules the router serves with, kept current: a new version applies within a second
 * through LISTEN/NOTIFY, with version polling as the safety net (and the only path on the
 * embedded database, which does not deliver NOTIFY across connections). The last good
 * rules stay in force while the database is down or the stored document is invalid.
 */
import { parseRuleSet, type RuleSet } from "../shared/rules/index.ts";
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import { refreshing, type Timers } from "../infra/process/refreshing.ts";

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
  /**
   * The rules in force until the source is first read (those the router persisted last
   * run, router-state-store.ts); null: none, the fallback list answers.
   */
  initial?: RuleSet | null;
  pollMs: number;
  log: Logger;
  /** Whether to LISTEN as well as poll. */
  listen?: boolean;
  timers?: Timers;
  onApply?: (rules: RuleSet) => void;
};

/** The rules in force, and an invalid version not re-read until the stored version changes. */
type Held = { readonly rules: RuleSet | null; readonly refused: number | null };

/** A holder with no rules yet; `start()` reads them and keeps them current. */
export function createRulesHolder(options: RulesHolderOptions): RulesHolder {
  const { source, log } = options;
  // A notified change (or an explicit refresh) reads the document even when the version
  // looks unchanged; the interval's polls read it only when the version moved.
  let readDocument = false;
  let unlisten: (() => Promise<void>) | null = null;

  async function read(previous: Held): Promise<Held> {
    const document = await source.read();
    if (document === null) return previous;
    const parsed = parseRuleSet(document);
    const version = (document as { version?: unknown }).version;
    if (!parsed.ok) {
      if (previous.refused !== version) {
        log.error("refused invalid rules: keeping the rules in force", {
          refusedVersion: version,
          version: previous.rules?.version ?? null,
          errors: parsed.errors,
        });
      }
      return { rules: previous.rules, refused: typeof version === "number" ? version : null };
    }
    if (previous.rules?.version === parsed.rules.version) return { rules: previous.rules, refused: null };
    log.info("rules applied", { version: parsed.rules.version });
    options.onApply?.(parsed.rules);
    return { rules: parsed.rules, refused: null };
  }

  const held = refreshing<Held>({
    initial: { rules: options.initial ?? null, refused: null },
    async load(previous) {
      const full = readDocument;
      readDocument = false;
      if (!full) {
        const version = await source.readVersion();
        if (version === previous.rules?.version || version === previous.refused) return previous;
      }
      return await read(previous);
    },
    intervalMs: options.pollMs,
    // A read stuck on a connection that died (the database cut away mid-query) must not
    // hold polling, nor a notified change, past the 1 s in which rule edits apply.
    timeoutMs: Math.max(500, 2 * options.pollMs),
    onError(error, streak) {
      if (streak > 1) return;
      log.warn("rules database unreachable: keeping the rules in force", {
        version: held.current().rules?.version ?? null,
        error: errorMessage(error),
      });
    },
    onRecover: () => log.info("rules database reachable again", { version: held.current().rules?.version ?? null }),
    timers: options.timers,
  });

  // One read at a time; a change notified during a read triggers one more read after it.
  function refresh(): Promise<void> {
    readDocument = true;
    return held.refresh();
  }

  return {
    current: () => held.current().rules,
    refresh,
    poll: () => held.refresh(),
    async start() {
      readDocument = true;
      await held.start(); // reads the document now, then polls the version every pollMs
      if (options.listen !== false) {
        unlisten = await source.listen(() => void refresh()).catch((error) => {
          log.warn("LISTEN rules_changed failed: relying on polling", {
            error: errorMessage(error),
          });
          return null;
        });
      }
    },
    async stop() {
      await unlisten?.();
      await held.stop();
    },
  };
}
