/**
 * The one reader of `releases` (shared/db/release-schema.ts); release/state/release-store.ts
 * is its one writer. The status page (router, Deno) and the release command (Bun) both call
 * these, so they use only postgres.js, zod and relative imports. The state travels as jsonb
 * text and times as epoch-millisecond float8, since the router's client returns jsonb as
 * text and mishandles date parameters.
 */
import type postgres from "postgres";
import { z } from "zod";
import { epochMsSql } from "../infra/db/epoch-sql.ts";
import { ReleaseState, TERMINAL_PHASES } from "../shared/release/release-state.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

/** The release the status page shows, or why its stored state cannot be shown. */
export type LatestRelease =
  | { readonly ok: true; readonly state: ReleaseState; readonly updatedAt: number }
  | { readonly ok: false; readonly id: number; readonly reason: string };

const ReleaseRow = z.object({ id: z.number(), state: z.string(), updated_at: z.number() });

// The terminal phases as one jsonb parameter: arrays are one of the parameters the router's
// client mishandles.
const TERMINAL = JSON.stringify(TERMINAL_PHASES);

/** The stored state of a row's jsonb text; throws with the release id when it is invalid. */
function _parseState(id: number, text: string): ReleaseState {
  const state = ReleaseState.safeParse(JSON.parse(text));
  if (state.success) return state.data;
  throw new Error(`Cannot read release ${id}: its stored state is invalid: ${_issues(state.error)}`);
}

const _issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");

/** The release holding the one-release lock (not terminal), or null. */
export async function findActiveRelease(sql: Sql): Promise<ReleaseState | null> {
  const [raw] = await sql`
    select id::float8 as id, state::text as state
    from releases
    where phase not in (select jsonb_array_elements_text(${TERMINAL}::jsonb))
    order by id desc
    limit 1`;
  return raw ? _parseState(Number(raw.id), String(raw.state)) : null;
}

/** One release by id, or null. */
export async function findRelease(sql: Sql, id: number): Promise<ReleaseState | null> {
  const [raw] = await sql`select state::text as state from releases where id = ${id}`;
  return raw ? _parseState(id, String(raw.state)) : null;
}

/** The active release, else the newest finished one; null when there never was one. An invalid stored state is a value. */
export async function readLatestRelease(sql: Sql): Promise<LatestRelease | null> {
  const [raw] = await sql`
    select id::float8 as id, state::text as state,
      ${epochMsSql(sql, "updated_at")} as updated_at
    from releases
    order by phase in (select jsonb_array_elements_text(${TERMINAL}::jsonb)), id desc
    limit 1`;
  if (!raw) return null;
  const row = ReleaseRow.parse(raw);
  const state = ReleaseState.safeParse(JSON.parse(row.state));
  if (!state.success) return { ok: false, id: row.id, reason: `stored state is invalid: ${_issues(state.error)}` };
  return { ok: true, state: state.data, updatedAt: Math.round(row.updated_at) };
}
