/**
 * A list the site showed from an interleaved answer: the merged items and, position by
 * position, the team (ranker) that contributed each, or "both" (credited to neither).
 * Read from telemetry, so it is validated here: a list whose teams do not line up with
 * its items cannot be credited and is set aside with its reason instead of crediting
 * the wrong ranker.
 */
import { z } from "zod";
import { TelemetryTeam } from "../../shared/telemetry/telemetry-bounds.ts";

/** One shown interleaved list (stream time, epoch ms). */
export const InterleavedList = z.object({
  userId: z.int().nonnegative(),
  time: z.int(),
  items: z.array(z.string().min(1)).max(1_000).readonly(),
  teams: z.array(TelemetryTeam).max(1_000).readonly(),
}).refine((list) => list.teams.length === list.items.length, {
  error: (issue) => {
    const list = issue.input as { items: readonly unknown[]; teams: readonly unknown[] };
    return `teams must name one team per item: ${list.teams.length} teams for ${list.items.length} items`;
  },
}).refine((list) => new Set(list.items).size === list.items.length, { error: "items must be distinct (a merge never repeats one)" });
export type InterleavedList = z.infer<typeof InterleavedList>;

/** A row that was not a valid interleaved list, and why. */
export type RefusedList = { readonly row: unknown; readonly reason: string };

/** The valid lists of `rows` (same order) and the refused ones with their reasons; never throws. */
export function readInterleavedLists(rows: readonly unknown[]): { lists: InterleavedList[]; refused: RefusedList[] } {
  const lists: InterleavedList[] = [];
  const refused: RefusedList[] = [];
  for (const row of rows) {
    const parsed = InterleavedList.safeParse(row);
    if (parsed.success) lists.push(parsed.data);
    else refused.push({ row, reason: parsed.error.issues.map((i) => `${i.path.join(".") || "list"}: ${i.message}`).join("; ") });
  }
  return { lists, refused };
}
