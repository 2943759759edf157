/** The user_profiles table (shared/db/schema.ts): which users need a profile, and storing answers. */
import type postgres from "postgres";
import type { ProfileAnswer } from "./fetch-user-profile.ts";

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

/**
 * Upserts the recordable answers (profiles, unknown users, malformed answers) as of
 * `fetchedAt`; the row always reflects the latest answer. `failed` answers are skipped so
 * the next run asks again. Returns how many rows were written.
 */
export async function storeProfileAnswers(
  sql: postgres.Sql,
  answers: readonly ProfileAnswer[],
  fetchedAt: Date,
): Promise<number> {
  const rows = answers.filter((a) => a.kind !== "failed").map((a) =>
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
  if (rows.length === 0) return 0;
  // One jsonb parameter: no per-row parameters, whatever the batch size.
  await sql`
    insert into user_profiles (user_id, age, gender, occupation, fetched_at, reason)
    select p.user_id, p.age, p.gender, p.occupation, ${fetchedAt.toISOString()}::timestamptz, p.reason
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as p(user_id int, age int, gender text, occupation text, reason text)
    on conflict (user_id) do update set age = excluded.age, gender = excluded.gender,
      occupation = excluded.occupation, fetched_at = excluded.fetched_at, reason = excluded.reason
    -- A refused answer never replaces a good profile: a bad deploy of the API must not
    -- move users out of running experiments. The good profile's age says it is old.
    where excluded.reason is null or user_profiles.reason is not null`;
  return rows.length;
}
