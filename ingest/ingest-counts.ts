/** What ingestion did with the lines it read; the `--json` output of file replay. */
import { z } from "zod";
import { EVENT_KINDS } from "../shared/movielog/events.ts";
import { RejectionReason } from "../shared/movielog/rejection.ts";

export const IngestCounts = z.object({
  lines: z.number().int().min(0),
  accepted: z.object({ watch: z.number().int(), rate: z.number().int(), recommendation: z.number().int() }),
  rejected: z.partialRecord(RejectionReason, z.number().int()),
  duplicates: z.number().int().min(0),
});
export type IngestCounts = z.infer<typeof IngestCounts>;

/** Counts of a batch plus what the data-quality report needs beyond the public contract. */
export type BatchOutcome = IngestCounts & {
  readonly late: number;
  /** Lines below the stored checkpoint: already applied by an earlier delivery. */
  readonly skipped: number;
  /** Latest event time seen in the source after this batch. */
  readonly watermark: number | null;
};

/** All-zero counts. */
export function emptyCounts(): IngestCounts {
  return { lines: 0, accepted: Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as IngestCounts["accepted"], rejected: {}, duplicates: 0 };
}

/** Adds `b` into a copy of `a`; rejection reasons stay sorted by name for stable output. */
export function addCounts(a: IngestCounts, b: IngestCounts): IngestCounts {
  const rejected: Record<string, number> = { ...a.rejected };
  for (const [reason, n] of Object.entries(b.rejected)) rejected[reason] = (rejected[reason] ?? 0) + (n ?? 0);
  return {
    lines: a.lines + b.lines,
    accepted: {
      watch: a.accepted.watch + b.accepted.watch,
      rate: a.accepted.rate + b.accepted.rate,
      recommendation: a.accepted.recommendation + b.accepted.recommendation,
    },
    rejected: Object.fromEntries(Object.entries(rejected).sort(([x], [y]) => x.localeCompare(y))),
    duplicates: a.duplicates + b.duplicates,
  };
}

/** Rejections grouped by reason. */
export function countRejections(reasons: readonly { reason: RejectionReason }[]): IngestCounts["rejected"] {
  const out: Record<string, number> = {};
  for (const { reason } of reasons) out[reason] = (out[reason] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
}
