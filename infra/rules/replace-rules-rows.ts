/** Replaces the contents of the rules tables inside a caller's transaction. */
import type postgres from "postgres";
import type { RuleSet } from "../../shared/rules/index.ts";
import { rulesRows } from "./rules-rows.ts";

const json = (value: unknown) => JSON.stringify(value);

/**
 * Writes `rules` over the stored rows, one statement per table. Rows travel as one jsonb
 * parameter each, which avoids postgres.js guessing array types without prepared statements.
 * Pools are upserted, not deleted first, because the default pool and routes reference them.
 */
export async function replaceRulesRows(tx: postgres.TransactionSql, rules: RuleSet): Promise<void> {
  const rows = rulesRows(rules);
  await tx`delete from rules_variants`;
  await tx`delete from rules_experiments`;
  await tx`delete from rules_routes`;
  await tx`
    insert into rules_pools (name, position, model_version, urls)
    select p.name, p.position, p.model_version, array(select jsonb_array_elements_text(p.urls))
    from jsonb_to_recordset(${
    json(rows.pools)
  }::jsonb) as p(name text, position int, model_version text, urls jsonb)
    on conflict (name) do update
      set position = excluded.position, model_version = excluded.model_version, urls = excluded.urls`;
  await tx`
    insert into rules_settings (id, default_pool) values (true, ${rows.defaultPool})
    on conflict (id) do update set default_pool = excluded.default_pool`;
  await tx`
    delete from rules_pools
    where name not in (select p.name from jsonb_to_recordset(${
    json(rows.pools)
  }::jsonb) as p(name text))`;
  if (rows.routes.length > 0) {
    await tx`
      insert into rules_routes (name, position, pool, users, user_from, user_to,
        bucket_salt, bucket_from, bucket_to, header_name, header_value, targeting_attributes, interleave_a, interleave_b)
      select r.name, r.position, r.pool,
        case when r.users is null then null else array(select jsonb_array_elements_text(r.users)::int) end,
        r.user_from, r.user_to, r.bucket_salt, r.bucket_from, r.bucket_to, r.header_name, r.header_value,
        r.targeting_attributes, r.interleave_a, r.interleave_b
      from jsonb_to_recordset(${json(rows.routes)}::jsonb) as r(name text, position int, pool text,
        users jsonb, user_from int, user_to int, bucket_salt text, bucket_from float8, bucket_to float8,
        header_name text, header_value text, targeting_attributes jsonb, interleave_a text, interleave_b text)`;
  }
  if (rows.experiments.length > 0) {
    await tx`
      insert into rules_experiments (key, position, namespace_name, namespace_start, namespace_end,
        seed, coverage, status, target_users, target_user_from, target_user_to, targeting_attributes)
      select e.key, e.position, e.namespace_name, e.namespace_start, e.namespace_end,
        e.seed, e.coverage, e.status,
        case when e.target_users is null then null else array(select jsonb_array_elements_text(e.target_users)::int) end,
        e.target_user_from, e.target_user_to, e.targeting_attributes
      from jsonb_to_recordset(${json(rows.experiments)}::jsonb) as e(key text, position int,
        namespace_name text, namespace_start float8, namespace_end float8, seed text, coverage float8,
        status text, target_users jsonb, target_user_from int, target_user_to int,
        targeting_attributes jsonb)`;
    await tx`
      insert into rules_variants (experiment, key, position, weight, pool, interleave_a, interleave_b, flags)
      select v.experiment, v.key, v.position, v.weight, v.pool, v.interleave_a, v.interleave_b, v.flags
      from jsonb_to_recordset(${json(rows.variants)}::jsonb) as v(experiment text, key text,
        position int, weight float8, pool text, interleave_a text, interleave_b text, flags jsonb)`;
  }
}
