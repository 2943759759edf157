/**
 * Experiment flags the router passes in the `X-Flags` header (a JSON object). A
 * bad flag must never fail a request: each invalid field is dropped and named, so
 * the shell can count it; fields this worker does not know are left for others.
 */
import { z } from "zod";

export const Flags = z.object({
  /** "mmr" re-ranks for diversity; "none" (or absent) keeps the model's order. */
  rerank: z.enum(["none", "mmr"]).optional(),
  /** MMR's weight on relevance against diversity; 0.7 when absent. */
  mmrLambda: z.number().min(0).max(1).optional(),
  /** Share of popularity in the score, 0 (model only) to 1 (popularity only). */
  popularityBlend: z.number().min(0).max(1).optional(),
  /** Movies in the reply; 20 when absent. */
  listLength: z.number().int().min(1).max(20).optional(),
});
export type Flags = z.infer<typeof Flags>;

/** Flags kept, and what was ignored: field names, or "header" when the whole header was unusable. */
export type ParsedFlags = { flags: Flags; ignored: string[] };

const MAX_HEADER_CHARS = 4096;
const FIELDS = Object.keys(Flags.shape) as (keyof Flags)[];

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
  const record = value as Record<string, unknown>;
  const flags: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const field of FIELDS) {
    if (!(field in record)) continue;
    const parsed = Flags.shape[field].safeParse(record[field]);
    if (parsed.success && parsed.data !== undefined) flags[field] = parsed.data;
    else ignored.push(field);
  }
  return { flags: flags as Flags, ignored };
}
