/**
 * GET /recommend/:userid — the data plane. Resolves the user's pool and experiment
 * variants from the rules in force, forwards to a worker of that pool within the latency
 * budget (to both pools at once, under the same budget, when the rules interleave two:
 * forward-interleaved.ts), and answers from the in-memory fallback list whenever no
 * worker answer is usable.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  resolveRequest,
  type RuleSet,
  type UserAttributes,
  usesHeaderMatching,
} from "../shared/rules/index.ts";
import { formatAnswer } from "../shared/recommendation/answer-format.ts";
import { parseUserId } from "../shared/recommendation/parse-user-id.ts";
import type { FallbackReason } from "../shared/telemetry/index.ts";
import type { Fallback } from "./fallback-list.ts";
import { forwardInterleaved, type InterleavedOutcome } from "./forward-interleaved.ts";
import type { Forwarder } from "./forward-to-pool.ts";
import type { RouterEnv } from "./router-env.ts";

/** Kept back from the budget for answering from the fallback after the last attempt. */
const FALLBACK_RESERVE_MS = 20;

/** The model version header of fallback answers. */
export const FALLBACK_MODEL_VERSION = "fallback";

export type RecommendDeps = {
  rules: () => RuleSet | null;
  forward: Forwarder;
  fallback: () => Fallback;
  budgetMs: number;
  now: () => number;
  onFallback: (reason: FallbackReason) => void;
  /** How each request the rules chose to interleave was served. */
  onInterleaving?: (outcome: InterleavedOutcome) => void;
  /** The user's profile for attribute targeting (an in-memory lookup); absent: none known. */
  attributes?: (userId: number) => UserAttributes | undefined;
};

/** The recommend endpoint. */
export function recommendRoute(deps: RecommendDeps): Hono<RouterEnv> {
  const app = new Hono<RouterEnv>();
  // Copying a request's headers out of the runtime costs about a twentieth of the router's
  // time per request (bench:serve), so it happens only under rules that match on one.
  const matchesHeaders = new WeakMap<RuleSet, boolean>();
  const needsHeaders = (rules: RuleSet) => {
    let needed = matchesHeaders.get(rules);
    if (needed === undefined) matchesHeaders.set(rules, needed = usesHeaderMatching(rules));
    return needed;
  };
  app.get("/recommend/:userid", async (c) => {
    const started = deps.now();
    const parsed = parseUserId(c.req.param("userid"));
    if (!parsed.ok) throw new HTTPException(400, { message: parsed.reason });
    c.set("userId", parsed.userId);
    let variant = "";
    // One Response with every header at once: setting headers one by one on Hono's
    // context costs the runtime a conversion per header on every request.
    const answer = (items: readonly string[], modelVersion: string) => {
      c.set("items", items);
      c.set("modelVersion", modelVersion);
      // A string body is sent as text/plain;charset=UTF-8 without saying so.
      return new Response(formatAnswer(items), {
        headers: {
          "X-Model-Version": modelVersion,
          "X-Variant": variant,
          "X-Request-Id": c.get("requestId"),
        },
      });
    };
    const fallback = (reason: FallbackReason) => {
      deps.onFallback(reason);
      c.set("outcome", "fallback");
      c.set("fallbackReason", reason);
      return answer(deps.fallback().items, FALLBACK_MODEL_VERSION);
    };
    const rules = deps.rules();
    if (!rules) return fallback("no_rules");
    const resolution = resolveRequest(rules, {
      userId: parsed.userId,
      headers: needsHeaders(rules) ? Object.fromEntries(c.req.raw.headers) : {},
      attributes: deps.attributes?.(parsed.userId),
    });
    variant = resolution.assignments.map((a) => `${a.experiment}=${a.variant}`).join(",");
    c.set("pool", resolution.pool);
    c.set("variant", variant);
    c.set("rulesVersion", rules.version);
    c.set("assignments", resolution.assignments);
    const request = {
      userId: parsed.userId,
      flags: resolution.flags,
      requestId: c.get("requestId"),
      deadline: started + deps.budgetMs - FALLBACK_RESERVE_MS,
    };
    const interleave = resolution.interleave;
    if (interleave) {
      const served = await forwardInterleaved(deps.forward, rules.pools, interleave, resolution.pool, request);
      deps.onInterleaving?.(served.outcome);
      const interleaved = served.outcome === "interleaved";
      c.set("interleaving", {
        a: interleave.a,
        b: interleave.b,
        interleaved,
        teams: served.outcome === "no_worker_answer" ? [] : served.teams,
      });
      if (served.outcome === "no_worker_answer") return fallback("no_worker_answer");
      // A '+' no variant name holds: the entry cannot be mistaken for an experiment's.
      if (interleaved) variant = [variant, `interleaved=${interleave.a}+${interleave.b}`].filter(Boolean).join(",");
      c.set("pool", served.pool);
      c.set("variant", variant);
      c.set("outcome", "worker");
      return answer(served.items, served.modelVersion);
    }
    const result = await deps.forward({ ...request, poolName: resolution.pool, pool: rules.pools[resolution.pool] });
    if (!result.ok) return fallback("no_worker_answer");
    c.set("outcome", "worker");
    return answer(result.items, result.modelVersion);
  });
  return app;
}
