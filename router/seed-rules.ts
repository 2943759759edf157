/** The first rules document, written only when the rules tables are empty. */
import type postgres from "postgres";
import type { Logger } from "../infra/log/logger.ts";
import { writeRules } from "../infra/rules/rules-store.ts";
import { RULES_FORMAT_VERSION, RuleSet } from "../shared/rules/index.ts";
import type { RouterConfig } from "./config.ts";

/** One pool `stable` of the configured workers, no routes, no experiments; throws if that is invalid. */
export function seedDocument(
  config: Pick<RouterConfig, "ROUTER_SEED_POOL_URLS" | "ROUTER_SEED_MODEL_VERSION">,
): RuleSet {
  return RuleSet.parse({
    formatVersion: RULES_FORMAT_VERSION,
    version: 0,
    pools: {
      stable: {
        urls: config.ROUTER_SEED_POOL_URLS,
        modelVersion: config.ROUTER_SEED_MODEL_VERSION,
      },
    },
    routes: [],
    defaultPool: "stable",
    experiments: [],
  });
}

/** Seeds the rules unless some exist (checked under the writers' lock, so two routers seed once). */
export async function seedRules(
  sql: postgres.Sql,
  config: RouterConfig,
  log: Logger,
): Promise<void> {
  const result = await writeRules(sql, seedDocument(config), {
    actor: "router",
    source: "seed",
    onlyIfEmpty: true,
  });
  if (result.changed) {
    log.info("seeded the rules with one pool", { version: result.version, pool: "stable" });
  }
}
