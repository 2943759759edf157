/**
 * GET /status, the read-only status page, and GET /status.json, the same view for scripts
 * (status-document.ts). Database numbers and alerts come from their caches, never per
 * request; both answer 200 whatever the database's or Prometheus's state, saying how fresh
 * the numbers are.
 */
import { Hono } from "hono";
import type { RuleSet } from "../../shared/rules/index.ts";
import type { RouterEnv } from "../router-env.ts";
import type { UpstreamState } from "../upstream-health.ts";
import { buildStatusView } from "./build-status-view.ts";
import type { AlertsSnapshot } from "./prometheus-alerts.ts";
import type { ReadCache, StatusCache } from "./status-cache.ts";
import { buildStatusDocument } from "./status-document.ts";
import { StatusPage } from "./status-page.tsx";
import type { StatusView } from "./status-view.ts";

/** What the page reads: the router's memory, the cached database numbers and the cached alerts. */
export type StatusDeps = {
  cache: StatusCache;
  /** Prometheus's alerts; absent when no Prometheus is configured. */
  alerts?: ReadCache<AlertsSnapshot>;
  rules: () => RuleSet | null;
  upstreams: () => readonly UpstreamState[];
  now: () => number;
};

/** The status routes. */
export function statusRoutes(deps: StatusDeps): Hono<RouterEnv> {
  const app = new Hono<RouterEnv>();
  const view = async (): Promise<StatusView> => {
    const [cache, alerts] = await Promise.all([deps.cache.current(), deps.alerts?.current() ?? null]);
    return buildStatusView({ now: deps.now(), rules: deps.rules(), upstreams: deps.upstreams(), cache, alerts });
  };
  app.get("/status", async (c) => {
    const page = await view();
    c.header("Cache-Control", "no-store");
    // The link to status.json keeps a `token` the page was opened with (STATUS_TOKEN).
    const token = c.req.query("token");
    const jsonHref = token === undefined ? "status.json" : `status.json?${new URLSearchParams({ token })}`;
    return c.html(`<!DOCTYPE html>${await (<StatusPage view={page} jsonHref={jsonHref} />).toString()}`);
  });
  app.get("/status.json", async (c) => {
    const document = buildStatusDocument(await view());
    c.header("Cache-Control", "no-store");
    return c.json(document);
  });
  return app;
}
