/**
 * GET /recommend/:userid — the data plane. Resolves the user's pool and experiment
 * variants from the rules in force, forwards to a worker of that pool within the latency
 * budget, and answers from the in-memory fallback list whenever no worker answer is usable.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { resolveRequest, type RuleSet } from "../shared/rules/index.ts";
import type { Fallback } from "./fallback-list.ts";
import type { Forwarder } from "./forward-to-pool.ts";
import { parseUserId } from "./parse-user-id.ts";
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
  onFallback: (reason: "no_rules" | "no_worker_answer") => void;
};

/** The recommend endpoint. */
export function recommendRoute(deps: RecommendDeps): Hono<RouterEnv> {
  const app = new Hono<RouterEnv>();
  app.get("/recommend/:userid", async (c) => {
    const started = deps.now();
    const parsed = parseUserId(c.req.param("userid"));
    if (!parsed.ok) throw new HTTPException(400, { message: parsed.reason });
    const fallback = (reason: "no_rules" | "no_worker_answer") => {
      deps.onFallback(reason);
      c.set("outcome", "fallback");
      c.header("X-Model-Version", FALLBACK_MODEL_VERSION);
      return c.text(deps.fallback().items.join(","));
    };
    const rules = deps.rules();
    if (!rules) {
      c.header("X-Variant", "");
      return fallback("no_rules");
    }
    const headers = Object.fromEntries(c.req.raw.headers);
    const resolution = resolveRequest(rules, { userId: parsed.userId, headers });
    const variant = resolution.assignments.map((a) => `${a.experiment}=${a.variant}`).join(",");
    c.set("pool", resolution.pool);
    c.set("variant", variant);
    c.header("X-Variant", variant);
    const result = await deps.forward({
      poolName: resolution.pool,
      pool: rules.pools[resolution.pool],
      userId: parsed.userId,
      flags: resolution.flags,
      requestId: c.get("requestId"),
      deadline: started + deps.budgetMs - FALLBACK_RESERVE_MS,
    });
    if (!result.ok) return fallback("no_worker_answer");
    c.set("outcome", "worker");
    c.header("X-Model-Version", result.modelVersion);
    return c.text(result.items.join(","));
  });
  return app;
}
