/**
 * GET /metrics: the router's Prometheus registry. Served on ROUTER_PORT, and on
 * ROUTER_METRICS_PORT when set, where a scrape reaches this process and no other.
 */
import { Hono } from "hono";
import type { Registry } from "prom-client";

/** The route over `registry`. */
export function metricsRoute(registry: Registry): Hono {
  const app = new Hono();
  app.get("/metrics", async (c) => {
    c.header("Content-Type", registry.contentType);
    return c.body(await registry.metrics());
  });
  return app;
}
