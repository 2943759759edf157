/**
 * Tells a record the database refuses from a database that is away. Only the
 * second is worth retrying: retrying a refused record stalls its whole pipeline
 * forever, which is how one bad stream line once froze every partition.
 */

/** A database's refusal of what it was given: SQLSTATE (when it sent one) and its words. */
export type DatabaseRefusal = { readonly code: string | null; readonly message: string };

/**
 * SQLSTATE classes that say the database, not the record, is the problem: connection
 * (08), resources (53), operator intervention such as a shutdown (57), system I/O
 * (58), transaction rollback such as a deadlock (40), lock not available (55),
 * authorisation (28), unknown database (3D), a missing table or privilege after a bad
 * deploy (42), and internal errors (XX). The same record may well succeed later.
 */
const AVAILABILITY_CLASSES = new Set(["08", "53", "57", "58", "40", "55", "28", "3D", "42", "XX"]);

/** Error codes of the driver and the operating system for a connection that failed or went away. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** The longest refusal message kept: enough for any Postgres message, bounded for the quarantine. */
const MAX_MESSAGE_LENGTH = 1000;

function codeOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === "string" ? code : null;
}

/** True when `code` is a five-character SQLSTATE (as opposed to a driver or OS code). */
function isSqlState(code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code);
}

/** True when the error says the database is unreachable or unavailable: retry the same work later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code === null) return false;
  if (CONNECTION_CODES.has(code)) return true;
  return isSqlState(code) && AVAILABILITY_CLASSES.has(code.slice(0, 2));
}

/**
 * The refusal when the database turned the data down (a value out of range, an
 * invalid byte sequence, a violated constraint, anything that is not about reaching
 * the database); null when the error is about availability and the work must be retried.
 */
export function databaseRefusal(error: unknown): DatabaseRefusal | null {
  if (isDatabaseUnavailable(error)) return null;
  const code = codeOf(error);
  const raw = error instanceof Error ? error.message : String(error);
  // The message is stored as text: no NUL, bounded.
  const message = raw.replaceAll("\u0000", "\\0").slice(0, MAX_MESSAGE_LENGTH);
  return { code: code !== null && isSqlState(code) ? code : null, message };
}

/** `SQLSTATE 22003: value out of range`, or the message alone: the detail a quarantined record keeps. */
export function describeRefusal(refusal: DatabaseRefusal): string {
  return refusal.code ? `SQLSTATE ${refusal.code}: ${refusal.message}` : refusal.message;
}
