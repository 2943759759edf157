/**
 * The rules document as rows of the rules tables (shared/db/rules-schema.ts), in document
 * order. Pure; the inverse is the database function rules_document().
 */
import type { RuleSet } from "../../shared/rules/index.ts";

/** Rows for each rules table; absent optional fields are null, as the columns store them. */
export type RulesRows = {
  pools: { name: string; position: number; model_version: string; urls: string[] }[];
  defaultPool: string;
  routes: Record<string, unknown>[];
  experiments: Record<string, unknown>[];
  variants: Record<string, unknown>[];
};

/** Splits a validated rules document into table rows. */
export function rulesRows(rules: RuleSet): RulesRows {
  return {
    pools: Object.entries(rules.pools).map(([name, pool], position) => ({
      name,
      position,
      model_version: pool.modelVersion,
      urls: pool.urls,
    })),
    defaultPool: rules.defaultPool,
    routes: rules.routes.map((route, position) => ({
      name: route.name,
      position,
      pool: route.pool,
      users: route.match.users ?? null,
      user_from: route.match.userRange?.from ?? null,
      user_to: route.match.userRange?.to ?? null,
      bucket_salt: route.match.bucket?.salt ?? null,
      bucket_from: route.match.bucket?.from ?? null,
      bucket_to: route.match.bucket?.to ?? null,
      header_name: route.match.header?.name ?? null,
      header_value: route.match.header?.value ?? null,
      targeting_attributes: route.match.attributes ?? null,
      interleave_a: route.interleave?.a ?? null,
      interleave_b: route.interleave?.b ?? null,
    })),
    experiments: rules.experiments.map((e, position) => ({
      key: e.key,
      position,
      namespace_name: e.namespace?.[0] ?? null,
      namespace_start: e.namespace?.[1] ?? null,
      namespace_end: e.namespace?.[2] ?? null,
      seed: e.seed,
      coverage: e.coverage,
      status: e.status,
      target_users: e.targeting?.users ?? null,
      target_user_from: e.targeting?.userRange?.from ?? null,
      target_user_to: e.targeting?.userRange?.to ?? null,
      targeting_attributes: e.targeting?.attributes ?? null,
    })),
    variants: rules.experiments.flatMap((e) =>
      e.variants.map((v, position) => ({
        experiment: e.key,
        key: v.key,
        position,
        weight: v.weight,
        pool: v.pool ?? null,
        interleave_a: v.interleave?.a ?? null,
        interleave_b: v.interleave?.b ?? null,
        flags: v.flags ?? null,
      }))
    ),
  };
}
