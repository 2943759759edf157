import { hash } from "../bucketing/index.ts";
import type { RouteMatch } from "./route.ts";
import { selectsUser, type UserAttributes } from "./user-selector.ts";

/**
 * What the rules see of a request: the parsed user id, the request headers, and the user's
 * profile when it is known (absent: attribute targeting selects nobody).
 */
export type RuleRequest = {
  userId: number;
  headers: Record<string, string>;
  attributes?: UserAttributes;
};

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  // HTTP header names are case-insensitive; callers may pass them as sent or lower-cased.
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : headers[key];
}

/** Whether any route matches on a request header, so that a caller must pass the headers. */
export function usesHeaderMatching(rules: { routes: { match: RouteMatch }[] }): boolean {
  return rules.routes.some((route) => route.match.header !== undefined);
}

/** Whether a request meets every condition of a route's match (an empty match meets all). */
export function matchRoute(match: RouteMatch, request: RuleRequest): boolean {
  if (!selectsUser(match, request.userId, request.attributes)) return false;
  if (match.bucket) {
    const n = hash(match.bucket.salt, String(request.userId), 2);
    if (n === null || n < match.bucket.from || n >= match.bucket.to) return false;
  }
  if (match.header && headerValue(request.headers, match.header.name) !== match.header.value) {
    return false;
  }
  return true;
}
