/** The rules source over Postgres: the rules store's reads and LISTEN rules_changed. */
import type postgres from "postgres";
import { readRules, readRulesVersion } from "../infra/rules/rules-store.ts";
import type { RulesSource } from "./rules-holder.ts";

/** Reads through `sql`; postgres.js keeps the LISTEN connection and re-listens after a reconnect. */
export function postgresRulesSource(sql: postgres.Sql): RulesSource {
  return {
    read: () => readRules(sql),
    readVersion: () => readRulesVersion(sql),
    async listen(onChange) {
      const { unlisten } = await sql.listen("rules_changed", () => onChange(), () => onChange());
      return unlisten;
    },
  };
}
