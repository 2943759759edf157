/**
 * Access to the status page (`/status`, `/status.json`): with STATUS_TOKEN set, a request
 * carries it as `Authorization: Bearer <token>` or as `?token=<token>` (a browser bookmark,
 * which the page's self-refresh keeps). Anything else is 401 with one fixed line, the same
 * for a missing and a wrong token, so an answer says nothing about how close a guess was.
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { checkBearer } from "../shared/auth/check-bearer.ts";
import type { RouterEnv } from "./router-env.ts";

/** The one path prefix of the status page and its JSON twin. */
export const STATUS_PATHS = "/status*";

/**
 * Whether a request holds `token`, by header or query. Both go through checkBearer, the
 * one constant-time comparison; a query token is one bearer credential like the header's.
 */
export function hasStatusToken(
  authorization: string | undefined,
  queryToken: string | undefined,
  token: string,
): boolean {
  const byHeader = checkBearer(authorization, token);
  const byQuery = queryToken !== undefined && checkBearer(`Bearer ${queryToken}`, token);
  return byHeader || byQuery;
}

/** The check for STATUS_PATHS; `token` undefined leaves the page open. */
export function requireStatusToken(token: string | undefined): MiddlewareHandler<RouterEnv> {
  return async (c, next) => {
    if (token !== undefined) {
      if (!hasStatusToken(c.req.header("Authorization"), c.req.query("token"), token)) {
        c.header("WWW-Authenticate", 'Bearer realm="status"');
        throw new HTTPException(401, { message: "the status page needs its token" });
      }
      // A token in the address must not travel on in the Referer of a link followed from the page.
      c.header("Referrer-Policy", "no-referrer");
    }
    await next();
  };
}
