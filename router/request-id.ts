/** Gives every request an id (X-Request-Id): the caller's when well-formed, else a new UUID. */
import type { MiddlewareHandler } from "hono";
import type { RouterEnv } from "./router-env.ts";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Middleware setting `requestId` and the X-Request-Id response header. */
export function requestId(
  newId: () => string = () => crypto.randomUUID(),
): MiddlewareHandler<RouterEnv> {
  return async (c, next) => {
    const given = c.req.header("X-Request-Id");
    const id = given && SAFE_ID.test(given) ? given : newId();
    c.set("requestId", id);
    await next();
    // The data plane's answers carry it already (see recommend-route.ts).
    if (!c.res.headers.has("X-Request-Id")) c.res.headers.set("X-Request-Id", id);
  };
}
