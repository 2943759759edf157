/** The user_profiles table (shared/db/schema.ts): which users need a profile, and storing answers. */
import type postgres from "postgres";
import { describeRefusal } from "../../infra/db/database-refusal.ts";
import { isolateRefusedRecords, withRefusalIsolation } from "../../infra/db/isolate-refused-records.ts";
import type { ProfileAnswer } from "../../infra/users/fetch-user-profile.ts";

/**
 * Users seen in the event store (watches, ratings, recommendation requests) with no stored
 * answer, then those whose answer was fetched before `staleBefore`, oldest first; at most
 * `limit` (null: all).
 */
export async function usersNeedingProfiles(
  sql: postgres.Sql,
  options: { staleBefore: Date; limit: number | null },
): Promise<number[]> {
  const rows = await sql<{ user_id: number }[]>`
    with seen as (
      select user_id from watch_sessions
      union select user_id from ratings
      union select user_id from recommendation_events
    )
    select s.user_id from seen s left join user_profiles p on p.user_id = s.user_id
    where p.user_id is null or p.fetched_at < ${options.staleBefore.toISOString()}::timestamptz
    order by p.fetched_at nulls first, s.user_id
    limit ${options.limit}`;
  return rows.map((r) => r.user_id);
}

/** An answer the database refused to store, and what was recorded in its place. */
export type RefusedAnswer = {
  readonly userId: number;
  /** `store_refused: <the database's words>`, recorded as the user's row without a profile. */
  readonly reason: string;
  /**
   * Null when that reason was recorded; else the database's words refusing that row as well:
   * then nothing was stored for the user, who is asked again next run.
   */
  readonly unrecorded: string | null;
};

type ProfileRow = {
  user_id: number;
  age: number | null;
  gender: string | null;
  occupation: string | null;
  reason: string | null;
};

/** Upserts `rows` as of `fetchedAt` (an ISO time) in one statement. */
async function upsertRows(
  sql: postgres.TransactionSql,
  rows: readonly ProfileRow[],
  fetchedAt: string,
): Promise<void> {
  // One jsonb parameter: no per-row parameters, whatever the batch size.
  await sql`
    insert into user_profiles (user_id, age, gender, occupation, fetched_at, reason)
    select p.user_id, p.age, p.gender, p.occupation, ${fetchedAt}::timestamptz, p.reason
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as p(user_id int, age int, gender text, occupation text, reason text)
    on conflict (user_id) do update set age = excluded.age, gender = excluded.gender,
      occupation = excluded.occupation, fetched_at = excluded.fetched_at, reason = excluded.reason
    -- A refused answer never replaces a good profile: a bad deploy of the API must not
    -- move users out of running experiments. The good profile's age says it is old.
    where excluded.reason is null or user_profiles.reason is not null`;
}

/**
 * Upserts the recordable answers (profiles, unknown users, malformed answers) as of
 * `fetchedAt` in one transaction; the row always reflects the latest answer. `failed`
 * answers are skipped so the next run asks again. Rows the database refuses for their data
 * (found by savepoint bisection) are recorded as `store_refused: <its words>` instead, so
 * one bad row never fails the others; an unavailable database still throws. Returns the
 * refused answers.
 */
export async function storeProfileAnswers(
  sql: postgres.Sql,
  answers: readonly ProfileAnswer[],
  fetchedAt: Date,
): Promise<RefusedAnswer[]> {
  const rows: ProfileRow[] = answers.filter((a) => a.kind !== "failed").map((a) =>
    a.kind === "profile"
      ? {
        user_id: a.userId,
        age: a.profile.age,
        gender: a.profile.gender,
        occupation: a.profile.occupation,
        reason: null,
      }
      : { user_id: a.userId, age: null, gender: null, occupation: null, reason: a.reason }
  );
  if (rows.length === 0) return [];
  const at = fetchedAt.toISOString();
  const apply = (tx: postgres.TransactionSql, chunk: readonly ProfileRow[]) => upsertRows(tx, chunk, at);
  return await withRefusalIsolation(sql, async (tx, isolate) => {
    // The fast path: the whole batch in one statement, no savepoints.
    if (!isolate) {
      await apply(tx, rows);
      return [];
    }
    const refused = (await isolateRefusedRecords(tx, rows, apply, () => {})).map(({ record, refusal }) => ({
      userId: record.user_id,
      reason: `store_refused: ${describeRefusal(refusal)}`,
    }));
    // The same constraint or trigger may refuse the reason row too; it then stays out alone.
    const reasonRows = refused.map(({ userId, reason }): ProfileRow => ({
      user_id: userId,
      age: null,
      gender: null,
      occupation: null,
      reason,
    }));
    const unrecorded = new Map(
      (await isolateRefusedRecords(tx, reasonRows, apply, () => {}))
        .map(({ record, refusal }) => [record.user_id, describeRefusal(refusal)]),
    );
    return refused.map((r): RefusedAnswer => ({ ...r, unrecorded: unrecorded.get(r.userId) ?? null }));
  });
}
