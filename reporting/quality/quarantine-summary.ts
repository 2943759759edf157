/**
 * The quarantine of a period in the data-quality report: records set aside with a
 * reason, counted by source (`kafka:<topic>`, `file:<path>`, `telemetry`, …) and
 * reason. Pure: the counts come from SQL.
 *
 * A quarantined record's own event time is not to be trusted (it is often why it was
 * refused: future_time, past_time, bad_timestamp) and some have none, so the period
 * selects quarantined records by when they arrived (quarantine.received_at), unlike
 * the report's event-time figures.
 */
import { z } from "zod";

/** How many records of one source were quarantined for one reason. */
export const QuarantineCount = z.object({ source: z.string(), reason: z.string(), count: z.number().int().min(0) });
export type QuarantineCount = z.infer<typeof QuarantineCount>;

export type QuarantineSummary = {
  readonly total: number;
  /** Source, then reason, then count; both levels sorted by name for stable output. */
  readonly bySource: Record<string, Record<string, number>>;
};

const byName = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Totals and counts by source and reason (a pair listed twice is added up). */
export function summariseQuarantine(counts: readonly QuarantineCount[]): QuarantineSummary {
  const sources = new Map<string, Map<string, number>>();
  let total = 0;
  for (const { source, reason, count } of counts) {
    const reasons = sources.get(source) ?? sources.set(source, new Map()).get(source)!;
    reasons.set(reason, (reasons.get(reason) ?? 0) + count);
    total += count;
  }
  const bySource = byName([...sources].map(([source, reasons]): [string, Record<string, number>] => [source, Object.fromEntries(byName([...reasons]))]));
  return { total, bySource: Object.fromEntries(bySource) };
}
