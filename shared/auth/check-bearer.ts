/**
 * The admin APIs' authentication (the router's `/admin/rules`, the worker's `/admin/model`):
 * an `Authorization: Bearer <token>` header against the configured token. Runs on Deno and
 * Bun alike (node:crypto).
 */
import { createHash, timingSafeEqual } from "node:crypto";

// The scheme name is case-insensitive (RFC 7235 §2.1); the token is one run of non-space
// characters (RFC 6750's b64token), compared exactly.
const BEARER = /^Bearer\s+(\S+)\s*$/i;

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * Whether `authorization` carries `Bearer <token>`. Compares SHA-256 digests in constant
 * time, so neither the token's content nor its length leaks through timing; an empty
 * configured token never matches.
 */
export function checkBearer(authorization: string | null | undefined, token: string): boolean {
  const match = BEARER.exec(authorization ?? "");
  const given = match ? match[1] : "";
  // Digests are compared even without a match, so a malformed header costs the same time.
  const same = timingSafeEqual(digest(given), digest(token));
  return same && match !== null && token.length > 0;
}
