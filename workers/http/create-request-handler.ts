/**
 * The worker's HTTP surface as one `(Request) => Response` function: routing,
 * the recommendation route, health, metrics and admin. Every reply carries
 * X-Model-Version; an unexpected error becomes a 500 without a stack trace (bad
 * input never gets that far).
 */
import type { Logger } from "../../infra/log/logger.ts";
import type { ModelManager } from "../model/model-manager.ts";
import { formatAnswer } from "../../shared/recommendation/answer-format.ts";
import { parseUserId } from "../../shared/recommendation/parse-user-id.ts";
import { parseFlags } from "../scoring/parse-flags.ts";
import { recommendTopK } from "../scoring/recommend-top-k.ts";
import { handleAdmin } from "./handle-admin.ts";
import { type Reply, toResponse } from "./reply.ts";
import type { Route, WorkerMetrics } from "./worker-metrics.ts";
import { errorMessage } from "../../infra/log/logger.ts";

export type RequestHandlerDeps = {
  manager: ModelManager;
  metrics: WorkerMetrics;
  log: Logger;
  /** Bearer token of the admin route; undefined disables it. */
  adminToken?: string;
  /** Movies per reply when the flags do not say. */
  listLength: number;
  /** Share of recommendation requests answered with a drill error (see WORKER_FAULT_ERROR_RATE); 0 when absent. */
  faultErrorRate?: number;
  /** Draws in [0, 1) for the fault drill; Math.random unless a test fixes it. */
  random?: () => number;
};

const RECOMMEND = "/recommend/";

/** Builds the handler Bun.serve calls for every request. */
export function createRequestHandler(deps: RequestHandlerDeps): (request: Request) => Promise<Response> {
  const { manager, metrics, log } = deps;
  const faultErrorRate = deps.faultErrorRate ?? 0;
  const random = deps.random ?? Math.random;

  function recommend(request: Request, rawId: string): Reply {
    if (request.method !== "GET") return { status: 405, text: "use GET", headers: { Allow: "GET" } };
    const user = parseUserId(rawId);
    if (!user.ok) return { status: 400, text: user.reason };
    // Captured once: a swap during this request does not change the model answering it.
    const model = manager.current();
    if (!model) return { status: 503, text: "no model loaded yet" };
    if (faultErrorRate > 0 && random() < faultErrorRate) return { status: 500, text: "injected fault (WORKER_FAULT_ERROR_RATE)" };
    const { flags, ignored } = parseFlags(request.headers.get("x-flags"));
    for (const flag of ignored) metrics.ignoredFlag(flag);
    const answer = recommendTopK(model, user.userId, flags.listLength ?? deps.listLength, flags);
    metrics.recommendation(answer.source);
    return { status: 200, text: formatAnswer(answer.ids), version: model.version };
  }

  async function route(request: Request, path: string): Promise<[Route, Reply]> {
    if (path.startsWith(RECOMMEND)) return ["recommend", recommend(request, path.slice(RECOMMEND.length))];
    switch (path) {
      case "/recommend":
        return ["recommend", { status: 400, text: "user id is missing: use /recommend/<digits>" }];
      case "/healthz":
        return ["healthz", { status: 200, text: "ok" }];
      case "/readyz": {
        const model = manager.current();
        return ["readyz", model ? { status: 200, text: `ready: ${model.version}` } : { status: 503, text: "no model loaded yet" }];
      }
      case "/metrics":
        return ["metrics", { status: 200, text: await metrics.registry.metrics(), headers: { "Content-Type": metrics.registry.contentType } }];
      case "/admin/model":
        return ["admin", await handleAdmin(request, manager, deps.adminToken)];
      default:
        return ["other", { status: 404, text: `no route ${request.method} ${path.slice(0, 100)}` }];
    }
  }

  return async (request) => {
    const started = performance.now();
    let routeName: Route = "other";
    let reply: Reply;
    try {
      const url = request.url;
      const pathStart = url.indexOf("/", url.indexOf("//") + 2);
      const queryStart = url.indexOf("?", pathStart);
      [routeName, reply] = await route(request, url.slice(pathStart, queryStart < 0 ? undefined : queryStart));
    } catch (error) {
      log.error("request failed", { method: request.method, url: request.url.slice(0, 200), error: errorMessage(error) });
      reply = { status: 500, text: "internal error" };
    }
    const requestId = request.headers.get("x-request-id");
    if (requestId && requestId.length <= 128) reply.headers = { ...reply.headers, "X-Request-Id": requestId };
    const response = toResponse(reply, manager.current()?.version);
    metrics.observe(routeName, reply.status, (performance.now() - started) / 1000);
    return response;
  };
}
