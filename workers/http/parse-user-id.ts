/** Validates the `:userid` of `GET /recommend/:userid`; a bad id is a 400 with a one-line reason, never a 500. */

import { MAX_USER_ID } from "../../shared/movielog/events.ts";
const SHOWN_CHARS = 40;

export type UserIdResult = { ok: true; userId: number } | { ok: false; reason: string };

/** Accepts decimal digits only (leading zeros allowed), at most 2147483647. */
export function parseUserId(raw: string): UserIdResult {
  if (raw.length === 0) return { ok: false, reason: "user id is missing: use /recommend/<digits>" };
  if (!/^[0-9]+$/.test(raw)) return { ok: false, reason: `user id must be digits only: got ${show(raw)}` };
  const digits = raw.replace(/^0+(?=.)/, "");
  // Length first: a 10 kB id is not worth converting to a number.
  if (digits.length > 10 || Number(digits) > MAX_USER_ID) {
    return { ok: false, reason: `user id must be at most ${MAX_USER_ID}: got ${show(raw)}` };
  }
  return { ok: true, userId: Number(digits) };
}

/** Quotes (so the reason stays one line) and shortens what the client sent. */
function show(raw: string): string {
  return raw.length <= SHOWN_CHARS ? JSON.stringify(raw) : `${JSON.stringify(raw.slice(0, SHOWN_CHARS))}… (${raw.length} characters)`;
}
