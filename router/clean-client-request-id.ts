/**
 * A caller's X-Request-Id as telemetry may store it: printable characters only (no
 * control character, nothing a text column refuses), surrounding spaces dropped, at
 * most MAX_TELEMETRY_ID_LENGTH characters; null when nothing is left. Kept for people
 * tracing a call, never trusted as a key.
 */
import { MAX_TELEMETRY_ID_LENGTH } from "../shared/telemetry/index.ts";

/** Anything but printable ASCII and Latin-1 (headers are bytes; Deno reads them as Latin-1). */
const NOT_PRINTABLE = /[^\u0020-\u007e\u00a0-\u00ff]/g;

/** The cleaned id, or null. */
export function cleanClientRequestId(header: string | undefined | null): string | null {
  if (!header) return null;
  const clean = header.replace(NOT_PRINTABLE, "").trim().slice(0, MAX_TELEMETRY_ID_LENGTH).trim();
  return clean.length > 0 ? clean : null;
}
