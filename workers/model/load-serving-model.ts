/**
 * Reads, validates and prepares an artifact directory for serving (the I/O half
 * of a swap). Runs beside the model being served, so long steps are sliced with
 * yields to the event loop: requests keep being answered while a model loads.
 */
import { readArtifact } from "../../infra/model/read-artifact.ts";
import { buildServingModel, type ServingModel } from "../scoring/serving-model.ts";
import { addUsers, createUserIndex } from "../scoring/user-index.ts";

export type LoadResult = { ok: true; model: ServingModel } | { ok: false; reason: string };

/** About 5 ms of index building between yields. */
const USERS_PER_SLICE = 65_536;
const SLOTS_PER_SLICE = 262_144;

/** Loads the artifact at `path`; any problem comes back as a reason naming the file and value. */
export async function loadServingModel(path: string): Promise<LoadResult> {
  const read = await readArtifact(path);
  if (!read.ok) return read;
  const { manifest, arrays } = read.artifact;
  const users = createUserIndex(arrays.userIds.length);
  // Fresh memory faults in on first touch, and inserts touch the whole table at once: fault it in slices first.
  for (let from = 0; from < users.keys.length; from += SLOTS_PER_SLICE) {
    users.keys.fill(0, from, from + SLOTS_PER_SLICE);
    users.rows.fill(0, from, from + SLOTS_PER_SLICE);
    await yieldToEventLoop();
  }
  for (let from = 0; from < arrays.userIds.length; from += USERS_PER_SLICE) {
    const problem = addUsers(users, arrays.userIds, from, Math.min(arrays.userIds.length, from + USERS_PER_SLICE));
    if (problem) return { ok: false, reason: `artifact ${path}: ${problem}` };
    await yieldToEventLoop();
  }
  const built = buildServingModel(manifest, arrays, users);
  return built.ok ? built : { ok: false, reason: `artifact ${path}: ${built.reason}` };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
