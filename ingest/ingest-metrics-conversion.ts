/**
 * Conversion by model version for ingestion's gauges, as the online report and the
 * release supervisor define it: a judged list converts when a recommended movie's
 * watch session starts within the conversion window after it, and it belongs to the
 * model whose answer the site received (reporting/online/attribute-lists.ts).
 */
import { attributeLists } from "../measurement/attribution/attribute-lists.ts";
import type { RouterAnswer, ShownList } from "../measurement/attribution/router-answer.ts";

/** The `model_version` label of lists no router answer matches. */
export const UNATTRIBUTED = "unattributed";

/** A list judged for conversion, with the router's answers to the same user with identical items. */
export type JudgedList = ShownList & { readonly converted: boolean; readonly answers: readonly RouterAnswer[] };

/** One model version's judged lists and the share that converted. */
export type VersionConversion = { readonly modelVersion: string; readonly lists: number; readonly converted: number; readonly ratio: number };

/** Judged lists and conversions per model version (fallback answers as "fallback"), sorted by version. */
export function conversionByVersion(lists: readonly JudgedList[]): VersionConversion[] {
  const counts = new Map<string, { lists: number; converted: number }>();
  for (const list of lists) {
    const version = attributeLists([list], list.answers)[0] ?? UNATTRIBUTED;
    const c = counts.get(version) ?? counts.set(version, { lists: 0, converted: 0 }).get(version)!;
    c.lists += 1;
    if (list.converted) c.converted += 1;
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([modelVersion, c]) => ({ modelVersion, lists: c.lists, converted: c.converted, ratio: c.converted / c.lists }));
}
