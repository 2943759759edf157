/**
 * The one writer of `releases` (shared/db/release-schema.ts); every read goes through
 * read-models/read-releases.ts, the reader the status page calls too. Starting a
 * release takes the one-release lock (a partial unique index); saving is optimistic,
 * so a second supervisor working from an old state cannot overwrite a newer one.
 * Refusals are values; only database failures throw.
 */
import type postgres from "postgres";
import { findModelEntry, PRODUCTION_SELECTOR } from "../../registry/model-registry.ts";
import { findActiveRelease, findRelease } from "../../read-models/read-releases.ts";
import { newReleaseState, ReleaseState } from "../../shared/release/release-state.ts";

/** Why a release could not start: another holds the lock, or the model is not in the registry. */
export type StartReleaseResult =
  | { readonly ok: true; readonly state: ReleaseState }
  | { readonly ok: false; readonly error: "release_active"; readonly active: ReleaseState | null; readonly message: string }
  | { readonly ok: false; readonly error: "unknown_model"; readonly message: string };

/** Whether a save landed, or the stored release had moved on (or vanished) since `expected` was read. */
export type SaveReleaseResult = { readonly ok: true } | { readonly ok: false; readonly error: "stale"; readonly message: string };

const LOCK_INDEX = "releases_one_active";

const activeMessage = (active: ReleaseState | null) =>
  active ? `release ${active.id} of model ${active.modelVersion} is ${active.phase}; one release at a time` : "another release is active; one release at a time";

/** Creates a pending release of `modelVersion` against current production, unless another release is active. */
export async function startRelease(sql: postgres.Sql, modelVersion: string): Promise<StartReleaseResult> {
  const model = await findModelEntry(sql, modelVersion);
  if (!model) return { ok: false, error: "unknown_model", message: `no model ${JSON.stringify(modelVersion)} in the registry` };
  const active = await findActiveRelease(sql);
  if (active) return { ok: false, error: "release_active", active, message: activeMessage(active) };
  const production = await findModelEntry(sql, PRODUCTION_SELECTOR);
  // The id is drawn first so the stored state can carry it; a refused insert only leaves a gap.
  const [{ id }] = await sql`select nextval(pg_get_serial_sequence('releases', 'id'))::int as id`;
  const state = newReleaseState(id, modelVersion, production?.version ?? null);
  try {
    await sql`insert into releases (id, model_version, previous_version, phase, state)
      values (${id}, ${modelVersion}, ${state.previousVersion}, ${state.phase}, ${JSON.stringify(state)}::jsonb)`;
  } catch (error) {
    // Lost a race with a concurrent start between the check above and this insert.
    if (isLockViolation(error)) {
      const winner = await findActiveRelease(sql);
      return { ok: false, error: "release_active", active: winner, message: activeMessage(winner) };
    }
    throw error;
  }
  return { ok: true, state };
}

/** Stores `state` only if the row still holds `expected` (same phase and history length); otherwise a stale refusal. */
export async function saveReleaseState(sql: postgres.Sql, state: ReleaseState, expected: ReleaseState): Promise<SaveReleaseResult> {
  if (state.id !== expected.id) throw new Error(`Cannot save release ${state.id} over release ${expected.id}: ids differ`);
  const updated = await sql`
    update releases set phase = ${state.phase}, state = ${JSON.stringify(ReleaseState.parse(state))}::jsonb, updated_at = now()
    where id = ${state.id} and phase = ${expected.phase} and jsonb_array_length(state -> 'history') = ${expected.history.length}
    returning id`;
  if (updated.length === 1) return { ok: true };
  const current = await findRelease(sql, state.id);
  const now = current ? `${current.phase} with ${current.history.length} decisions` : "missing";
  return { ok: false, error: "stale", message: `release ${state.id} expected ${expected.phase} with ${expected.history.length} decisions, found ${now}` };
}

function isLockViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint_name?: string; message?: string };
  return e?.code === "23505" && (e.constraint_name === LOCK_INDEX || String(e.message).includes(LOCK_INDEX));
}
