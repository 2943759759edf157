/**
 * The flags a worker reads: an experiment variant sets them in the rules, the router sends
 * the merged flags in the `X-Flags` header, and the worker applies them. One schema for all
 * three, so a value the worker would drop is refused where it is written (rules validation,
 * `experiment create`) instead of being silently ignored on every request.
 */
import { z } from "zod";
import { MAX_ANSWER_ITEMS } from "./max-answer-items.ts";

/** Every worker flag; names the schema does not list are other components' and pass through. */
export const WorkerFlags = z.object({
  /** "mmr" re-ranks for diversity; "none" (or absent) keeps the model's order. */
  rerank: z.enum(["none", "mmr"]).optional(),
  /** MMR's weight on relevance against diversity; 0.7 when absent. */
  mmrLambda: z.number().min(0).max(1).optional(),
  /** Share of popularity in the score, 0 (model only) to 1 (popularity only). */
  popularityBlend: z.number().min(0).max(1).optional(),
  /** Movies in the answer; the worker's WORKER_LIST_LENGTH when absent. */
  listLength: z.number().int().min(1).max(MAX_ANSWER_ITEMS).optional(),
});
export type WorkerFlags = z.infer<typeof WorkerFlags>;

/** What each flag accepts, as the reason of a refusal says it. */
const ACCEPTS: Record<keyof WorkerFlags, string> = {
  rerank: '"none" or "mmr"',
  mmrLambda: "a number from 0 to 1",
  popularityBlend: "a number from 0 to 1",
  listLength: `a whole number from 1 to ${MAX_ANSWER_ITEMS}`,
};

const NAMES = Object.keys(ACCEPTS) as (keyof WorkerFlags)[];
const MAX_SHOWN = 40;

/** A worker flag whose value was refused, and why (one line). */
export type RefusedWorkerFlag = { flag: keyof WorkerFlags; reason: string };

/** The worker flags read from a flags object, and those refused. */
export type ReadWorkerFlags = { flags: WorkerFlags; refused: RefusedWorkerFlag[] };

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/**
 * Reads the worker flags of `flags`: each valid one is kept, each invalid one refused with
 * its reason, in schema order; names the worker does not know are left alone. Never throws.
 */
export function readWorkerFlags(flags: Readonly<Record<string, unknown>>): ReadWorkerFlags {
  const kept: Record<string, unknown> = {};
  const refused: RefusedWorkerFlag[] = [];
  for (const flag of NAMES) {
    if (!Object.hasOwn(flags, flag)) continue;
    const value = flags[flag];
    const parsed = WorkerFlags.shape[flag].safeParse(value);
    if (parsed.success && parsed.data !== undefined) kept[flag] = parsed.data;
    else refused.push({ flag, reason: `${flag} must be ${ACCEPTS[flag]}: got ${show(value)}` });
  }
  return { flags: kept as WorkerFlags, refused };
}
