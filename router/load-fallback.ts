/** Reads the fallback list from Postgres: the production model's popular list, else most-watched movies. */
import type postgres from "postgres";
import type { LoadedFallback } from "./fallback-list.ts";
import { findProductionPopular } from "../registry/model-registry.ts";
import { MAX_ANSWER_ITEMS } from "../shared/recommendation/max-answer-items.ts";

/**
 * The `popular` list of the production model in the registry; when there is none, the
 * most-watched movies of the event store; null when both are empty. Throws when the
 * database is unreachable (the caller keeps its last list).
 */
export async function loadFallback(sql: postgres.Sql): Promise<LoadedFallback | null> {
  const model = await findProductionPopular(sql);
  if (model && Array.isArray(model.popular) && model.popular.length > 0) {
    return { items: model.popular.slice(0, MAX_ANSWER_ITEMS * 2), source: `registry:${model.version}` };
  }
  const watched = await sql<{ movie_id: string }[]>`
    select movie_id from watch_sessions group by movie_id
    order by count(*) desc, movie_id limit ${MAX_ANSWER_ITEMS}`;
  if (watched.length === 0) return null;
  return { items: watched.map((r) => r.movie_id), source: "watch_sessions" };
}
