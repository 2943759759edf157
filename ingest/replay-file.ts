/** Replays a movielog file into an event store, for backfills and checks. */
import { addCounts, emptyCounts, type IngestCounts } from "./ingest-counts.ts";
import type { EventStore } from "./event-store.ts";
import { readLineChunks } from "../infra/files/read-lines.ts";
import { fileBatchSource } from "../measurement/stream-clock.ts";

/** How far a replay has read: lines, and bytes of the file (newlines included) to weigh them against its size. */
export type ReplayProgress = { readonly lines: number; readonly bytes: number };

/**
 * Applies the file batch by batch and returns the totals (the `--json` output);
 * `onProgress` hears after each applied batch how far the replay has read.
 */
export async function replayFile(
  path: string, store: EventStore, options: { batchLines: number; onProgress?: (read: ReplayProgress) => void },
): Promise<IngestCounts> {
  let totals = emptyCounts();
  let watermark: number | null = null;
  const source = fileBatchSource(path);
  const read = { lines: 0, bytes: 0 };
  for await (const lines of readLineChunks(path, options.batchLines)) {
    const outcome = await store.applyBatch({ source, checkpoint: null, lines, watermark });
    watermark = outcome.watermark;
    const { lines: n, accepted, rejected, duplicates } = outcome;
    totals = addCounts(totals, { lines: n, accepted, rejected, duplicates });
    read.lines += lines.length;
    for (const line of lines) read.bytes += line.bytes.length + 1;
    options.onProgress?.({ ...read });
  }
  return totals;
}
