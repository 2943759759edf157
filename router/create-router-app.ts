/** The router's HTTP app: request ids, metrics, the data plane, admin API, health and errors. */
import { Hono } from "hono";
import type { Logger } from "../infra/log/logger.ts";
import { adminRoutes, type AdminRulesStore } from "./admin-routes.ts";
import { errorHandler, notFoundHandler } from "./error-response.ts";
import { metricsRoute } from "./metrics-route.ts";
import { type RecommendDeps, recommendRoute } from "./recommend-route.ts";
import { requestId } from "./request-id.ts";
import { requireStatusToken, STATUS_PATHS } from "./require-status-token.ts";
import type { RouterEnv } from "./router-env.ts";
import type { RouterMetrics } from "./router-metrics.ts";
import { type StatusDeps, statusRoutes } from "./status/status-routes.tsx";
import { buildTelemetryEvent } from "./telemetry/build-telemetry-event.ts";
import type { TelemetryEvent } from "../shared/telemetry/index.ts";

export type RouterAppDeps = Omit<RecommendDeps, "onFallback" | "onInterleaving"> & {
  metrics: RouterMetrics;
  admin: { token: string | undefined; store: AdminRulesStore };
  log: Logger;
  newRequestId?: () => string;
  /** Receives one event per answered /recommend request; must not block (see TelemetryShipper). */
  telemetry?: { record(event: TelemetryEvent): unknown };
  /** GET /status, when given (router/status/wire-status.ts). */
  status?: StatusDeps;
  /** STATUS_TOKEN: when set, every path under /status needs it (require-status-token.ts). */
  statusToken?: string;
};

/** Builds the app from its dependencies; main.ts passes real ones, tests fakes. */
export function createRouterApp(deps: RouterAppDeps): Hono<RouterEnv> {
  const app = new Hono<RouterEnv>();
  app.use(requestId(deps.newRequestId));
  app.use("/recommend/*", async (c, next) => {
    const started = deps.now();
    await next();
    const labels = {
      status: String(c.res.status),
      pool: c.get("pool") ?? "none",
      variant: c.get("variant") ?? "",
    };
    deps.metrics.requests.inc(labels);
    const finished = deps.now();
    deps.metrics.duration.observe(
      { outcome: c.get("outcome") ?? "error" },
      (finished - started) / 1000,
    );
    deps.telemetry?.record(buildTelemetryEvent({
      requestId: c.get("requestId"),
      clientRequestId: c.get("clientRequestId") ?? null,
      startedAt: started,
      finishedAt: finished,
      status: c.res.status,
      userId: c.get("userId"),
      pool: c.get("pool"),
      modelVersion: c.get("modelVersion"),
      rulesVersion: c.get("rulesVersion"),
      assignments: c.get("assignments"),
      items: c.get("items"),
      fallbackReason: c.get("fallbackReason"),
      interleaving: c.get("interleaving"),
    }));
  });
  app.route(
    "/",
    recommendRoute({
      ...deps,
      onFallback: (reason) => deps.metrics.fallbacks.inc({ reason }),
      onInterleaving: (outcome) => deps.metrics.interleaving.inc({ outcome }),
    }),
  );
  app.route("/", adminRoutes(deps.admin));
  // On the prefix, before any status route: /status, /status.json and whatever joins them.
  app.use(STATUS_PATHS, requireStatusToken(deps.statusToken));
  if (deps.status) app.route("/", statusRoutes(deps.status));
  app.get(
    "/healthz",
    (c) =>
      c.json({
        status: "ok",
        rulesVersion: deps.rules()?.version ?? null,
        fallback: deps.fallback().source,
      }),
  );
  app.route("/", metricsRoute(deps.metrics.registry));
  app.onError(errorHandler(deps.log));
  app.notFound(notFoundHandler);
  return app;
}
