import type postgres from "postgres";
import { updateRules } from "../../infra/rules/rules-store.ts";
import type { RuleSet } from "../../shared/rules/index.ts";
import type { RulesEdit } from "../design/rules-edit.ts";

/** The rules version an edit stored, or why the edit was refused (nothing was written). */
export type EditRulesResult =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Applies a pure rules edit under the writers' lock (updateRules), so it sees the latest
 * rules and a concurrent edit of another part is kept; audited with `actor` as the CLI.
 */
export async function editRules(
  sql: postgres.Sql,
  edit: (stored: RuleSet | null | undefined) => RulesEdit,
  actor: string,
): Promise<EditRulesResult> {
  // A holder object: TypeScript does not see a plain variable assigned inside the callback.
  const outcome: { edit?: RulesEdit } = {};
  const written = await updateRules(sql, (stored) => {
    outcome.edit = edit(stored);
    return outcome.edit.ok ? outcome.edit.rules : null;
  }, { actor, source: "cli" });
  if (outcome.edit && !outcome.edit.ok) return { ok: false, reason: outcome.edit.reason };
  return { ok: true, version: written.version };
}
