/** Reads user profiles from Postgres (user_profiles, kept by ingest/profiles) for attribute targeting. */
import type postgres from "postgres";
import { z } from "zod";
import { EpochMs, epochMsSql, parseRow } from "../infra/db/epoch-sql.ts";
import { ageBand, type UserAttributes } from "../shared/rules/index.ts";

const VersionRow = z.object({ n: z.number().int(), newest: EpochMs.nullable() });

/** How many usable profiles there are and when the newest was fetched: changes whenever profiles:sync stores any. */
export async function userAttributesVersion(sql: postgres.Sql): Promise<string> {
  const [row] = await sql`
    select count(*)::int as n, ${epochMsSql(sql, sql`max(fetched_at)`)} as newest
    from user_profiles where reason is null`;
  const { n, newest } = parseRow(VersionRow, row, "the user profiles' version");
  return `${n}@${newest ?? 0}`;
}

/** Every stored profile by user id, its age as a band; throws when the database is unreachable. */
export async function loadUserAttributes(
  sql: postgres.Sql,
): Promise<Map<number, UserAttributes>> {
  const rows = await sql<{ user_id: number; age: number; gender: string; occupation: string }[]>`
    select user_id, age, gender, occupation from user_profiles where reason is null`;
  const users = new Map<number, UserAttributes>();
  for (const row of rows) {
    users.set(row.user_id, {
      ageBand: ageBand(row.age),
      gender: row.gender,
      occupation: row.occupation,
    });
  }
  return users;
}
