import { MAX_USER_ID } from "../shared/movielog/events.ts";

/** A user id from the URL, or why it was refused (one line, safe to echo). */
export type ParsedUserId = { ok: true; userId: number } | { ok: false; reason: string };

const MAX_SHOWN = 24;
const show = (raw: string) =>
  JSON.stringify(raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw);

/**
 * Parses the `:userid` path segment: a canonical decimal integer 0–2147483647. Leading
 * zeros, signs, fractions and exponents are refused, so one user has exactly one spelling
 * in telemetry. Never throws.
 */
export function parseUserId(raw: string): ParsedUserId {
  if (raw.length === 0) return { ok: false, reason: "user id is empty" };
  if (raw.length > 10 || !/^\d+$/.test(raw)) {
    const what = /^-\d+$/.test(raw)
      ? "is negative"
      : /^\d+$/.test(raw)
      ? "is too large"
      : "is not a decimal integer";
    return { ok: false, reason: `user id ${show(raw)} ${what}: expected 0–${MAX_USER_ID}` };
  }
  if (raw.length > 1 && raw.startsWith("0")) {
    return {
      ok: false,
      reason: `user id ${show(raw)} has leading zeros: expected 0–${MAX_USER_ID}`,
    };
  }
  const userId = Number(raw);
  if (userId > MAX_USER_ID) {
    return { ok: false, reason: `user id ${show(raw)} is too large: expected 0–${MAX_USER_ID}` };
  }
  return { ok: true, userId };
}
