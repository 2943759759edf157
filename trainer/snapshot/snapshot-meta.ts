/** What is recorded about a snapshot, in the registry row and beside its files. */
import { z } from "zod";

export const SnapshotMeta = z.object({
  id: z.string().regex(/^snap-[0-9a-f]{20}$/),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.string(),
  /** Epoch ms; events at or before it were selected. Null for file datasets. */
  cutoff: z.number().nullable(),
  rows: z.object({ ratings: z.number().int().min(0), watch: z.number().int().min(0) }),
  timeRange: z.object({ from: z.number().nullable(), to: z.number().nullable() }),
  filters: z.record(z.string(), z.unknown()),
  excluded: z.record(z.string(), z.number().int().min(0)),
});
export type SnapshotMeta = z.infer<typeof SnapshotMeta>;
