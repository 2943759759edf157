/** Replays a movielog file into an event store, for backfills and checks. */
import { addCounts, emptyCounts, type IngestCounts } from "./ingest-counts.ts";
import type { EventStore } from "./event-store.ts";
import { readLineChunks } from "../infra/files/read-lines.ts";

/** Applies the file batch by batch and returns the totals (the `--json` output). */
export async function replayFile(path: string, store: EventStore, options: { batchLines: number }): Promise<IngestCounts> {
  let totals = emptyCounts();
  let watermark: number | null = null;
  const source = `file:${path}`;
  for await (const lines of readLineChunks(path, options.batchLines)) {
    const outcome = await store.applyBatch({ source, checkpoint: null, lines, watermark });
    watermark = outcome.watermark;
    const { lines: n, accepted, rejected, duplicates } = outcome;
    totals = addCounts(totals, { lines: n, accepted, rejected, duplicates });
  }
  return totals;
}
