/** GET /status: the read-only status page. Database numbers come from the cache, never per request. */
import { Hono } from "hono";
import type { RuleSet } from "../../shared/rules/index.ts";
import type { RouterEnv } from "../router-env.ts";
import type { UpstreamState } from "../upstream-health.ts";
import { buildStatusView } from "./build-status-view.ts";
import type { StatusCache } from "./status-cache.ts";
import { StatusPage } from "./status-page.tsx";

/** What the page reads: the router's memory and the cached database numbers. */
export type StatusDeps = {
  cache: StatusCache;
  rules: () => RuleSet | null;
  upstreams: () => readonly UpstreamState[];
  now: () => number;
};

/** The status routes; answers 200 whatever the database's state, saying how fresh the numbers are. */
export function statusRoutes(deps: StatusDeps): Hono<RouterEnv> {
  const app = new Hono<RouterEnv>();
  app.get("/status", async (c) => {
    const cache = await deps.cache.current();
    const view = buildStatusView({
      now: deps.now(),
      rules: deps.rules(),
      upstreams: deps.upstreams(),
      cache,
    });
    c.header("Cache-Control", "no-store");
    return c.html(`<!DOCTYPE html>${await (<StatusPage view={view} />).toString()}`);
  });
  return app;
}
