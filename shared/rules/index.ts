/**
 * The rules document (pools, routes, experiments) and its pure evaluation. The router
 * loads a RuleSet from Postgres, validates it with parseRuleSet, and calls resolveRequest
 * per request; the admin API and CLI use diffRuleSets.
 */
export * from "./name.ts";
export * from "./fraction.ts";
export * from "../users/age-band.ts";
export * from "./user-selector.ts";
export * from "./pool.ts";
export * from "./interleave.ts";
export * from "./route.ts";
export * from "./variant.ts";
export * from "./experiment.ts";
export * from "./rule-set-issues.ts";
export * from "./rule-set.ts";
export * from "./parse-rule-set.ts";
export * from "./match-route.ts";
export * from "./assign-variant.ts";
export * from "./resolve-request.ts";
export * from "./diff-rule-sets.ts";
