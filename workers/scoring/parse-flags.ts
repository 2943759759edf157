/**
 * Experiment flags the router passes in the `X-Flags` header (a JSON object), read with the
 * shared worker-flags schema that rules validation and `experiment create` also enforce. A
 * bad flag must never fail a request: each invalid field is dropped and named, so the shell
 * can count it; fields this worker does not know are left for others.
 */
import { readWorkerFlags, type WorkerFlags } from "../../shared/recommendation/worker-flags.ts";

/** The flags scoring reads: the shared schema's type. */
export type Flags = WorkerFlags;

/** Flags kept, and what was ignored: field names, or "header" when the whole header was unusable. */
export type ParsedFlags = { flags: Flags; ignored: string[] };

const MAX_HEADER_CHARS = 4096;

/** Parses an `X-Flags` header value (null when absent); never throws. */
export function parseFlags(header: string | null): ParsedFlags {
  if (header === null || header.trim() === "") return { flags: {}, ignored: [] };
  if (header.length > MAX_HEADER_CHARS) return { flags: {}, ignored: ["header"] };
  let value: unknown;
  try {
    value = JSON.parse(header);
  } catch {
    return { flags: {}, ignored: ["header"] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { flags: {}, ignored: ["header"] };
  const { flags, refused } = readWorkerFlags(value as Record<string, unknown>);
  return { flags, ignored: refused.map((r) => r.flag) };
}
