/**
 * What a router keeps on disk between runs, so that a start without its database serves
 * what it last knew: the last rules it applied and its last fallback list, each in a file
 * of its own. Pure: encoding and decoding only (router-state-store.ts does the I/O).
 *
 * Each file names the database its content came from. A router started against another
 * database (a test's throwaway one, a new deployment) ignores it: rules naming another
 * system's workers are worse than the static fallback.
 */
import { z } from "zod";
import { parseRuleSet, type RuleSet } from "../shared/rules/index.ts";
import { cleanItems, type Fallback } from "./fallback-list.ts";

/** Version of the files' layout; a change of layout is a new version. */
export const PERSISTED_STATE_FORMAT = 1;

/** The files a state directory holds. */
export const PERSISTED_FILES = { rules: "rules.json", fallback: "fallback.json" } as const;

/** A decoded file: its value, or why it was not used. */
export type Decoded<T> =
  | { readonly kind: "ok"; readonly value: T; readonly savedAt: string }
  | { readonly kind: "other-database"; readonly database: string }
  | { readonly kind: "invalid"; readonly reason: string };

const Envelope = z.object({
  format: z.literal(PERSISTED_STATE_FORMAT),
  database: z.string().min(1).max(1000),
  savedAt: z.iso.datetime(),
});

const RulesFile = Envelope.extend({ rules: z.unknown() });

const FallbackFile = Envelope.extend({
  source: z.string().min(1).max(200),
  // Generous: cleanItems keeps the first MAX_ANSWER_ITEMS valid ids anyway.
  items: z.array(z.unknown()).max(1000),
});

/**
 * Which database a URL names, without its credentials: host, port and database name.
 * Throws on a string that is not a URL (the router's config validated it before).
 */
export function databaseIdentity(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname || "/"}`;
}

/** The rules file's text. */
export function encodePersistedRules(rules: RuleSet, database: string, savedAt: Date): string {
  const file: z.infer<typeof RulesFile> = {
    format: PERSISTED_STATE_FORMAT,
    database,
    savedAt: savedAt.toISOString(),
    rules,
  };
  return JSON.stringify(file) + "\n";
}

/** The fallback file's text. */
export function encodePersistedFallback(
  fallback: Fallback,
  database: string,
  savedAt: Date,
): string {
  const file: z.infer<typeof FallbackFile> = {
    format: PERSISTED_STATE_FORMAT,
    database,
    savedAt: savedAt.toISOString(),
    source: fallback.source,
    items: [...fallback.items],
  };
  return JSON.stringify(file) + "\n";
}

/** The rules a file holds for `database`; never throws. */
export function decodePersistedRules(text: string, database: string): Decoded<RuleSet> {
  const file = decodeEnvelope(text, RulesFile, database);
  if (file.kind !== "ok") return file;
  const parsed = parseRuleSet(file.value.rules);
  if (!parsed.ok) {
    return { kind: "invalid", reason: `invalid rules: ${parsed.errors.slice(0, 3).join("; ")}` };
  }
  return { kind: "ok", value: parsed.rules, savedAt: file.savedAt };
}

/** The fallback list a file holds for `database`, cleaned like a loaded one; never throws. */
export function decodePersistedFallback(text: string, database: string): Decoded<Fallback> {
  const file = decodeEnvelope(text, FallbackFile, database);
  if (file.kind !== "ok") return file;
  const items = cleanItems(file.value.items);
  if (items.length === 0) return { kind: "invalid", reason: "no valid movie id in the list" };
  return { kind: "ok", value: { items, source: file.value.source }, savedAt: file.savedAt };
}

function decodeEnvelope<T extends z.infer<typeof Envelope>>(
  text: string,
  schema: z.ZodType<T>,
  database: string,
): Decoded<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "invalid", reason: "not JSON" };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: "invalid",
      reason: `${issue.path.map(String).join(".") || "(file)"}: ${issue.message}`,
    };
  }
  if (parsed.data.database !== database) {
    return { kind: "other-database", database: parsed.data.database };
  }
  return { kind: "ok", value: parsed.data, savedAt: parsed.data.savedAt };
}
