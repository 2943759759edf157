/**
 * Serves a request the rules chose to interleave (shared/rules Interleave): asks both
 * pools at once, under the one deadline a plain request has, and merges their lists by
 * team draft seeded by the request id, so the same request always gets the same merge.
 * When one pool fails or is late, the other's list is the answer, recorded as not
 * interleaved: a comparison must only count users who saw both rankers. When both fail,
 * the caller answers from the fallback list, as for any request.
 */
import { type ItemTeam, type Team, teamDraft } from "../shared/interleaving/team-draft.ts";
import type { Interleave, RuleSet } from "../shared/rules/index.ts";
import type { ForwardRequest, Forwarder, ForwardResult } from "./forward-to-pool.ts";

/** How an interleaving request was served; `outcome` is also the metric label. */
export type InterleavedAnswer =
  | {
    outcome: "interleaved" | "single_pool";
    items: string[];
    /** `teams[i]` contributed `items[i]` ("both": both pools at once); all one team for a single pool's answer. */
    teams: ItemTeam[];
    modelVersion: string;
    /** The pool the answer counts as: the rules' pool when merged, else the pool that answered. */
    pool: string;
  }
  | { outcome: "no_worker_answer"; reasons: string[] };

export type InterleavedOutcome = InterleavedAnswer["outcome"];

/** What both pools are asked with: the request's own fields and deadline. */
export type InterleavedRequest = Omit<ForwardRequest, "poolName" | "pool">;

/**
 * Forwards `request` to pools `interleave.a` and `interleave.b` in parallel and merges
 * the answers. `countedAs` is the rules' pool of the request (one of the two): its
 * worker's model version labels a merged answer. The merge is as long as the longer
 * list, so a worker flag that shortens lists (listLength) still bounds the answer.
 */
export async function forwardInterleaved(
  forward: Forwarder,
  pools: RuleSet["pools"],
  interleave: Interleave,
  countedAs: string,
  request: InterleavedRequest,
): Promise<InterleavedAnswer> {
  const ask = (poolName: string) => forward({ ...request, poolName, pool: pools[poolName] });
  const [a, b] = await Promise.all([ask(interleave.a), ask(interleave.b)]);
  if (a.ok && b.ok) {
    const merged = teamDraft(a.items, b.items, request.requestId, Math.max(a.items.length, b.items.length));
    const counted = countedAs === interleave.b ? b : a;
    return { outcome: "interleaved", ...merged, modelVersion: counted.modelVersion, pool: countedAs };
  }
  const single = (answer: ForwardResult & { ok: true }, team: Team, pool: string): InterleavedAnswer => ({
    outcome: "single_pool",
    items: answer.items,
    teams: answer.items.map(() => team),
    modelVersion: answer.modelVersion,
    pool,
  });
  if (a.ok) return single(a, "A", interleave.a);
  if (b.ok) return single(b, "B", interleave.b);
  return { outcome: "no_worker_answer", reasons: [...a.reasons, ...b.reasons] };
}
