/** Admin authentication: `Authorization: Bearer <token>` compared in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";

/** True when `authorization` carries exactly `token`; hashing first makes the comparison length-independent too. */
export function bearerMatches(authorization: string | null, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(authorization ?? "");
  if (!match) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
