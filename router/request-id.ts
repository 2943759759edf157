/**
 * Gives every request the router's own id (X-Request-Id of the answer, the key of its
 * telemetry). A caller's X-Request-Id is kept apart as `clientRequestId`, cleaned and
 * capped, and never used as the key: a caller who sent the same id twice once made
 * its requests collapse into one stored row, and so vanish from availability and
 * guardrails.
 */
import type { MiddlewareHandler } from "hono";
import { cleanClientRequestId } from "./clean-client-request-id.ts";
import type { RouterEnv } from "./router-env.ts";

/** Middleware setting `requestId`, `clientRequestId` and the X-Request-Id response header. */
export function requestId(
  newId: () => string = () => crypto.randomUUID(),
): MiddlewareHandler<RouterEnv> {
  return async (c, next) => {
    const id = newId();
    c.set("requestId", id);
    c.set("clientRequestId", cleanClientRequestId(c.req.header("X-Request-Id")));
    await next();
    // The data plane's answers carry it already (see recommend-route.ts).
    if (!c.res.headers.has("X-Request-Id")) c.res.headers.set("X-Request-Id", id);
  };
}
