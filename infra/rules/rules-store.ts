/**
 * The rules document in Postgres (tables of shared/db/rules-schema.ts): read, version and
 * atomic replacement with an audit row. postgres.js only, so the Deno router and the Bun
 * CLI share it; the database triggers version and NOTIFY every edit, SQL ones included.
 */
import type postgres from "postgres";
import {
  diffRuleSets,
  parseRuleSet,
  type RuleChange,
  RULES_FORMAT_VERSION,
  type RuleSet,
} from "../../shared/rules/index.ts";
import { replaceRulesRows } from "./replace-rules-rows.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

/** Who edits the rules through the store; plain-SQL edits are audited by trigger as "sql". */
export type RulesWriteSource = "api" | "cli" | "seed";

/** The outcome of a write: the stored version, and what changed (nothing: `changed` false). */
export type WriteRulesResult = { version: number; diff: RuleChange[]; changed: boolean };

/** What the diff of the first write is computed against. */
const NO_RULES: RuleSet = {
  formatVersion: RULES_FORMAT_VERSION,
  version: 0,
  pools: {},
  routes: [],
  defaultPool: "(none)",
  experiments: [],
};

/** The stored document, unvalidated (give it to parseRuleSet), or null before any rules were written. */
export async function readRules(sql: Sql): Promise<unknown> {
  // As text: the caller decides how to parse, whatever json handling the client has.
  const [row] = await sql<{ doc: string | null }[]>`select rules_document()::text as doc`;
  return row.doc === null ? null : JSON.parse(row.doc);
}

/** The current rules version: cheap enough to poll a few times a second. */
export async function readRulesVersion(sql: Sql): Promise<number> {
  const [row] = await sql<
    { version: string }[]
  >`select version::text as version from rules_version`;
  return Number(row.version);
}

/** What writing `rules` would change, against the stored document at `version`. */
export async function previewRules(
  sql: Sql,
  rules: RuleSet,
): Promise<{ version: number; diff: RuleChange[] }> {
  const stored = await readRules(sql);
  const before = stored === null ? null : parseRuleSet(stored);
  return {
    version: await readRulesVersion(sql),
    diff: diffRuleSets(before?.ok ? before.rules : NO_RULES, rules),
  };
}

/**
 * Replaces the stored rules with `rules` in one transaction and records an audit row with
 * the diff and the resulting document. A write that changes nothing stores nothing.
 * `onlyIfEmpty` writes only when no rules exist yet (seeding, safe from several processes).
 */
export async function writeRules(
  sql: postgres.Sql,
  rules: RuleSet,
  options: { actor: string; source: RulesWriteSource; onlyIfEmpty?: boolean },
): Promise<WriteRulesResult> {
  return await updateRules(sql, (stored) => (options.onlyIfEmpty && stored !== undefined ? null : rules), options);
}

/**
 * Read-modify-write of the rules under the writers' lock: `change` gets the stored
 * document (null when it is invalid, undefined when there is none) and returns the
 * new one, or null to write nothing. Programs that edit part of the rules (the release
 * supervisor's canary route) use this so a concurrent edit of another part is kept.
 */
export async function updateRules(
  sql: postgres.Sql,
  change: (stored: RuleSet | null | undefined) => RuleSet | null,
  options: { actor: string; source: RulesWriteSource },
): Promise<WriteRulesResult> {
  return await sql.begin(async (tx) => {
    // Tells the trigger this transaction audits itself.
    await tx`select set_config('rules.source', ${options.source}, true)`;
    // Serialises writers, so the diff is against the version this write replaces.
    await tx`select version from rules_version where id for update`;
    const stored = await readRules(tx);
    const before = stored === null ? null : parseRuleSet(stored);
    const rules = change(before === null ? undefined : before.ok ? before.rules : null);
    if (rules === null) return { version: await readRulesVersion(tx), diff: [], changed: false };
    const diff = diffRuleSets(before?.ok ? before.rules : NO_RULES, rules);
    if (before?.ok && diff.length === 0) {
      return { version: before.rules.version, diff, changed: false };
    }
    await replaceRulesRows(tx, rules);
    const version = await readRulesVersion(tx);
    const previous = before === null ? "none" : before.ok ? "valid" : "invalid";
    const audit = JSON.stringify({ previous, diff });
    const document = JSON.stringify({ ...rules, version });
    await tx`
      insert into rules_audit (version, actor, source, change, document)
      values (${version}, ${options.actor}, ${options.source}, ${audit}::jsonb, ${document}::jsonb)`;
    return { version, diff, changed: true };
  }) as WriteRulesResult;
}
