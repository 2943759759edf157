/**
 * Snapshots on disk: `<dir>/<id>/snapshot.json` (meta and id maps) plus one
 * little-endian file per column. Written to a temporary directory and renamed, so
 * a snapshot directory is either complete or absent; read back only when its
 * content hash still matches.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { IdMap } from "../datasets/id-map.ts";
import type { Interactions } from "../datasets/interactions.ts";
import { SnapshotMeta } from "./snapshot-meta.ts";
import { snapshotContentHash } from "./snapshot-id.ts";
import type { TrainingRows } from "./training-rows.ts";

const SnapshotFile = SnapshotMeta.extend({ userIds: z.array(z.string()), itemIds: z.array(z.string()) });

const COLUMNS = ["users", "items", "values", "times"] as const;

function writeColumns(dir: string, kind: string, data: Interactions): void {
  for (const column of COLUMNS) {
    const array = data[column];
    writeFileSync(join(dir, `${kind}.${column}`), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
}

function readColumns(dir: string, kind: string): Interactions {
  const bytes = (column: string) => {
    const b = readFileSync(join(dir, `${kind}.${column}`));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  const users = new Int32Array(bytes("users"));
  return { length: users.length, users, items: new Int32Array(bytes("items")), values: new Float32Array(bytes("values")), times: new Float64Array(bytes("times")) };
}

/** Writes the snapshot unless a complete one with this id exists. */
export function writeSnapshot(root: string, meta: SnapshotMeta, rows: TrainingRows): string {
  const dir = join(root, meta.id);
  if (existsSync(join(dir, "snapshot.json"))) return dir;
  mkdirSync(root, { recursive: true });
  const temp = join(root, `.${meta.id}.${process.pid}.tmp`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  writeColumns(temp, "ratings", rows.ratings);
  writeColumns(temp, "watch", rows.watch);
  writeFileSync(join(temp, "snapshot.json"), JSON.stringify({ ...meta, userIds: rows.users.ids, itemIds: rows.items.ids }));
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  return dir;
}

/** Reads a snapshot back and checks its content hash; throws naming the snapshot when it does not match. */
export function readSnapshot(root: string, id: string): { meta: SnapshotMeta; rows: TrainingRows } {
  const dir = join(root, id);
  const file = SnapshotFile.parse(JSON.parse(readFileSync(join(dir, "snapshot.json"), "utf8")));
  const { userIds, itemIds, ...meta } = file;
  const rows: TrainingRows = { users: IdMap.from(userIds), items: IdMap.from(itemIds), ratings: readColumns(dir, "ratings"), watch: readColumns(dir, "watch") };
  const actual = snapshotContentHash(rows);
  if (actual !== meta.contentHash) {
    throw new Error(`Snapshot ${id} is corrupt: content hash is ${actual}, recorded ${meta.contentHash}`);
  }
  return { meta, rows };
}
