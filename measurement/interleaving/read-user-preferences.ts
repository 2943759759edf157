/**
 * Each user's preference between two interleaved rankings, from the stored data: the
 * site's shown lists (stream clock) of the users in a period, each matched to the
 * router's answer (router clock) that interleaved exactly these two pools and has the
 * same user and identical items (measurement/attribution), its teams read from the
 * answer's telemetry; the users' watch starts (the conversion predicate's SQL) credit
 * the teams, and userPreferences turns the credits into preferences. The one reader of
 * stored teams: experiment reports and the release canary both call it.
 *
 * Telemetry is hostile: an answer whose interleaving does not parse, or whose teams do
 * not line up with its items, is set aside with its reason instead of crediting a ranker.
 * Numbers travel as float8 epoch ms and arrays as JSON text: the embedded database
 * mishandles driver arrays and dates.
 */
import type postgres from "postgres";
import { z } from "zod";
import { jsonText } from "../../infra/db/json-text.ts";
import { EpochMs, parseRow, roundedEpochMsSql } from "../../infra/db/epoch-sql.ts";
import { MAX_USER_ID, UserId } from "../../shared/movielog/events.ts";
import { TelemetryInterleaving } from "../../shared/telemetry/telemetry-event.ts";
import { matchAnswers } from "../attribution/attribute-lists.ts";
import { candidateAnswerSql, type ShownList } from "../attribution/router-answer.ts";
import { shownListsSql, startsWithinWindowSql } from "../conversion/conversion-sql.ts";
import type { WatchStart } from "../conversion/converting-starts.ts";
import { type InterleavedList, readInterleavedLists, type RefusedList } from "./interleaved-list.ts";
import { PREFERENCE_WINDOW_MS, type UserPreference, userPreferences } from "./user-preference.ts";

/** Whose preferences to read, over which stream period, for which two pools. */
export type PreferenceQuery = {
  /** The users to read (ids as text, like the experiment readers). */
  readonly userIds: readonly string[];
  /** Stream-time period of shown lists [from, to), epoch ms. */
  readonly period: { readonly from: number; readonly to: number };
  /** Only answers interleaving exactly these pools, `a` as team A and `b` as team B. */
  readonly pools: { readonly a: string; readonly b: string };
  readonly conversionWindowMs: number;
  /** Default PREFERENCE_WINDOW_MS. */
  readonly preferenceWindowMs?: number;
};

/** The users' preferences and what could not be counted, so a reader can say how much is missing. */
export type PreferenceReading = {
  /** Users with at least one interleaved list in the period, by first list time. */
  readonly preferences: UserPreference[];
  /** Those whose value is final by period.to (finalAt <= period.to): only these enter a sequential test. */
  readonly finalUsers: UserPreference[];
  /** Shown lists of these users answered by one pool alone (interleaved: false). */
  readonly notInterleavedLists: number;
  /** Shown lists that no answer interleaving these pools matches. */
  readonly unmatchedLists: number;
  /** Telemetry rows that were not valid interleaved lists, with reasons. */
  readonly refused: RefusedList[];
};

const ShownRow = z.object({ time: EpochMs, userId: z.int(), items: jsonText(z.array(z.string().min(1))) });
const StartRow = z.object({ userId: z.int(), movieId: z.string(), firstTime: EpochMs });
// The interleaving column stays unknown here: it is judged per matched list, so one bad row is refused, not fatal.
const AnswerRow = z.object({ time: EpochMs, userId: z.int(), items: jsonText(z.array(z.string())), interleaving: z.string() });

/** Reads the preferences of `query.userIds` from the shown lists of `query.period`. */
export async function readUserPreferences(sql: postgres.Sql, query: PreferenceQuery): Promise<PreferenceReading> {
  const empty = { preferences: [], finalUsers: [], notInterleavedLists: 0, unmatchedLists: 0, refused: [] };
  if (query.period.to <= query.period.from || query.userIds.length === 0) return empty;
  const badId = query.userIds.find((id) => !/^\d{1,10}$/.test(id));
  if (badId !== undefined) {
    throw new RangeError(`readUserPreferences() needs user ids as whole numbers: current value is ${JSON.stringify(badId)}`);
  }
  // The user id column's own bound (shared/movielog UserId): an id beyond it is refused here, not by the database's cast.
  const tooLarge = query.userIds.find((id) => !UserId.safeParse(Number(id)).success);
  if (tooLarge !== undefined) {
    throw new RangeError(`readUserPreferences() needs user ids up to ${MAX_USER_ID}: current value is ${tooLarge}`);
  }
  // User ids travel as one jsonb text parameter: the embedded database mishandles array parameters.
  const shownCte = sql`
    enrolled as (select value::int as user_id from jsonb_array_elements_text(${JSON.stringify(query.userIds)}::jsonb)),
    shown as (
      select r.id, r.user_id, r.time, r.items
      from recommendation_events r join enrolled e on e.user_id = r.user_id
      where ${shownListsSql(sql, query.period, "r")}
    )`;
  const shownRows = await sql`
    with ${shownCte}
    select ${roundedEpochMsSql(sql, "s.time")} as time, s.user_id as "userId", array_to_json(s.items)::text as items
    from shown s order by s.time, s.id`;
  if (shownRows.length === 0) return empty;
  const answerRows = await sql`
    with ${shownCte}
    select ${roundedEpochMsSql(sql, "t.time")} as time, t.user_id as "userId", array_to_json(t.items)::text as items,
      t.interleaving::text as interleaving
    from telemetry_events t
    where ${candidateAnswerSql(sql, "t", sql`select user_id, items from shown`)}
      and t.interleaving ->> 'a' = ${query.pools.a}::text and t.interleaving ->> 'b' = ${query.pools.b}::text
    order by t.time, t.request_id`;
  // The SQL predicate narrows the starts to those that may convert a shown list; userPreferences applies it exactly.
  const startRows = await sql`
    with ${shownCte}
    select distinct w.user_id as "userId", w.movie_id as "movieId", ${roundedEpochMsSql(sql, "w.first_time")} as "firstTime"
    from shown s join watch_sessions w on ${startsWithinWindowSql(sql, "s", "w", query.conversionWindowMs)}`;

  const shown: ShownList[] = shownRows.map((r) => {
    const row = parseRow(ShownRow, r, "a shown list");
    return { ...row, time: Math.round(row.time) };
  });
  const answers = answerRows.map((r) => {
    const row = parseRow(AnswerRow, r, "a router answer");
    return { ...row, time: Math.round(row.time) };
  });
  const starts: WatchStart[] = startRows.map((r) => {
    const row = parseRow(StartRow, r, "a watch start");
    return { ...row, firstTime: Math.round(row.firstTime) };
  });

  const lists: InterleavedList[] = [];
  let notInterleavedLists = 0, unmatchedLists = 0;
  const refused: RefusedList[] = [];
  matchAnswers(shown, answers).forEach((answer, i) => {
    if (answer === null) return void unmatchedLists++;
    const interleaving = parseInterleaving(answer.interleaving);
    if (!interleaving.ok) return void refused.push({ row: answer, reason: interleaving.reason });
    if (!interleaving.value.interleaved) return void notInterleavedLists++;
    // The shown list's stream time: the starts that credit it are on the stream's clock too.
    const read = readInterleavedLists([{ ...shown[i], teams: interleaving.value.teams }]);
    lists.push(...read.lists);
    refused.push(...read.refused);
  });

  const preferences = userPreferences(lists, starts, {
    conversionWindowMs: query.conversionWindowMs,
    preferenceWindowMs: query.preferenceWindowMs ?? PREFERENCE_WINDOW_MS,
  });
  return {
    preferences,
    finalUsers: preferences.filter((p) => p.finalAt <= query.period.to),
    notInterleavedLists,
    unmatchedLists,
    refused,
  };
}

function parseInterleaving(text: string): { ok: true; value: TelemetryInterleaving } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: `interleaving: not JSON: ${text.slice(0, 80)}` };
  }
  const parsed = TelemetryInterleaving.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((i) => `interleaving.${i.path.join(".")}: ${i.message}`).join("; ") };
}
