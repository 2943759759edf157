import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Whether an Authorization header carries `Bearer <token>`. Compares SHA-256 digests in
 * constant time, so neither the token's content nor its length leaks through timing.
 */
export function checkBearer(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  const given = match ? match[1] : "";
  return timingSafeEqual(digest(given), digest(token)) && match !== null;
}
