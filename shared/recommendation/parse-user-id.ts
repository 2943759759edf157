import { MAX_USER_ID } from "../movielog/events.ts";

/** A user id from the URL, or why it was refused (one line, safe to echo). */
export type ParsedUserId = { ok: true; userId: number } | { ok: false; reason: string };

const MAX_SHOWN = 24;
const show = (raw: string) =>
  JSON.stringify(raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw);
const refuse = (raw: string, what: string): ParsedUserId => ({
  ok: false,
  reason: `user id ${show(raw)} ${what}: expected 0–${MAX_USER_ID}`,
});

/**
 * Parses the `<userid>` of `GET /recommend/<userid>`: a canonical decimal integer
 * 0–2147483647. Leading zeros, signs, fractions and exponents are refused, so one user has
 * exactly one spelling in telemetry; the router forwards `String(userId)`, which the worker
 * therefore always accepts. Never throws.
 */
export function parseUserId(raw: string): ParsedUserId {
  if (raw.length === 0) return { ok: false, reason: "user id is empty" };
  if (!/^\d+$/.test(raw)) {
    return refuse(raw, /^-\d+$/.test(raw) ? "is negative" : "is not a decimal integer");
  }
  if (raw.length > 1 && raw.startsWith("0")) return refuse(raw, "has leading zeros");
  // Length first: a 10 kB id is not worth converting to a number.
  if (raw.length > 10 || Number(raw) > MAX_USER_ID) return refuse(raw, "is too large");
  return { ok: true, userId: Number(raw) };
}
