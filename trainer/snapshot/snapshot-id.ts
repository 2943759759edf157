/**
 * The content hash that names a snapshot: sha256 over the rows with external ids,
 * in stored order. Selections order rows by user id then movie id (bytewise), so
 * the same data always gets the same hash, and any changed row changes it.
 */
import { createHash } from "node:crypto";
import type { Interactions } from "../datasets/interactions.ts";
import type { TrainingRows } from "./training-rows.ts";

function hashRows(hash: ReturnType<typeof createHash>, kind: string, data: Interactions, rows: TrainingRows): void {
  for (let r = 0; r < data.length; r++) {
    hash.update(`${kind}\t${rows.users.idAt(data.users[r])}\t${rows.items.idAt(data.items[r])}\t${data.values[r]}\t${data.times[r]}\n`);
  }
}

/** Hex sha256 of the rows. */
export function snapshotContentHash(rows: TrainingRows): string {
  const hash = createHash("sha256");
  hashRows(hash, "rate", rows.ratings, rows);
  hashRows(hash, "watch", rows.watch, rows);
  return hash.digest("hex");
}

/** The snapshot id: a readable prefix of the content hash. */
export function snapshotId(contentHash: string): string {
  return `snap-${contentHash.slice(0, 20)}`;
}
