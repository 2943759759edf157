/**
 * The bounds of every telemetry field: what its column holds, and what a router can
 * have measured. A value outside them is quarantined with a reason of its own before
 * it reaches the database: one event with a latency of 1e39 (no float4 holds it) or a
 * NUL in a pool name (no text column holds it) once failed the whole batch, and with
 * it the partition, forever. Each zod field built here names its reason in the
 * issue's `params.reason`, which parseTelemetryEvent reports.
 */
import { z } from "zod";
import { ITEM_TEAMS } from "../interleaving/team-draft.ts";
import { MAX_USER_ID } from "../movielog/events.ts";
import { MAX_ANSWER_ITEMS } from "../recommendation/max-answer-items.ts";
import type { TelemetryRejectionReason } from "./telemetry-rejection.ts";

/** An hour: no answer is slower (the budget is 300 ms), and float4 holds it exactly. */
export const MAX_TELEMETRY_LATENCY_MS = 3_600_000;
/** Request ids: the router's UUID (36), a caller's X-Request-Id once cleaned. */
export const MAX_TELEMETRY_ID_LENGTH = 128;
/** Pools, models, experiments, variants: rule names are 64 at most; twice that for headroom. */
export const MAX_TELEMETRY_NAME_LENGTH = 128;
/** A movie id (shared/movielog/movie-id.ts caps slugs at 200). */
export const MAX_TELEMETRY_ITEM_LENGTH = 200;
/** Experiment assignments of one request: one per layer, far fewer in any rules document. */
export const MAX_TELEMETRY_ASSIGNMENTS = 64;
/** Items of one answer: the answer's contract, up to this many distinct ids. */
export const MAX_TELEMETRY_ITEMS = MAX_ANSWER_ITEMS;
/** Postgres int4, the type of user_id and rules_version. */
export const MAX_INT4 = 2_147_483_647;
/** The latest instant a JavaScript Date (and so every reader) can show; Postgres holds more. */
export const MAX_TELEMETRY_TIME_MS = 8.64e15;

/** Control characters (C0, DEL, C1; NUL included) and unpaired surrogates, which no text column keeps as sent. */
// deno-lint-ignore no-control-regex -- refusing control characters is the point
const REFUSED_CHARACTER = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udfff]/u;

/** The reason a string holds a character telemetry refuses, with the character's code point; null when clean. */
export function findRefusedCharacter(
  text: string,
): { reason: "control_character" | "unpaired_surrogate"; codePoint: string } | null {
  const match = REFUSED_CHARACTER.exec(text);
  if (match === null) return null;
  const code = match[0].charCodeAt(0);
  return {
    reason: code >= 0xd800 ? "unpaired_surrogate" : "control_character",
    codePoint: `U+${code.toString(16).toUpperCase().padStart(4, "0")}`,
  };
}

/** `text` with each refused character written as a \uXXXX escape: safe to store as a detail. */
export function escapeRefusedCharacters(text: string): string {
  return text.replace(
    new RegExp(REFUSED_CHARACTER.source, "gu"),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const reasonOf = (reason: TelemetryRejectionReason) => ({ reason });

/** A string of 1 to `max` characters, without refused characters. */
export function boundedText(max: number) {
  return z.string().min(1).max(max).superRefine((text, ctx) => {
    const refused = findRefusedCharacter(text);
    if (refused) {
      ctx.addIssue({ code: "custom", message: `holds ${refused.codePoint}`, params: reasonOf(refused.reason) });
    }
  });
}

/** A finite number in [min, max], integral when `integer`; anything else is `number_out_of_range`. */
export function boundedNumber(min: number, max: number, integer: boolean) {
  return z.number().superRefine((value, ctx) => {
    if (integer && !Number.isInteger(value)) {
      ctx.addIssue({ code: "custom", message: `${value} is not an integer`, params: reasonOf("number_out_of_range") });
    } else if (value < min || value > max) {
      ctx.addIssue({ code: "custom", message: `${value} is outside [${min}, ${max}]`, params: reasonOf("number_out_of_range") });
    }
  });
}

/**
 * When the request arrived, epoch ms: an integer no reader's clock breaks on. Where the
 * event may lie in time is judged by ingestion against its floor and wall clock.
 */
export const TelemetryTime = z.number().superRefine((time, ctx) => {
  if (!Number.isInteger(time)) {
    ctx.addIssue({ code: "custom", message: `${time} is not an integer`, params: reasonOf("number_out_of_range") });
  } else if (time < 0) {
    ctx.addIssue({ code: "custom", message: `${time} is before 1970`, params: reasonOf("past_time") });
  } else if (time > MAX_TELEMETRY_TIME_MS) {
    ctx.addIssue({ code: "custom", message: `${time} is beyond any clock`, params: reasonOf("future_time") });
  }
});

export const TelemetryUserId = boundedNumber(0, MAX_USER_ID, true);
export const TelemetryStatus = boundedNumber(100, 599, true);
export const TelemetryLatency = boundedNumber(0, MAX_TELEMETRY_LATENCY_MS, false);
export const TelemetryRulesVersion = boundedNumber(0, MAX_INT4, true);

/** The ids answered: at most MAX_TELEMETRY_ITEMS, each once. */
export const TelemetryItems = z.array(boundedText(MAX_TELEMETRY_ITEM_LENGTH))
  .superRefine((items, ctx) => {
    if (items.length > MAX_TELEMETRY_ITEMS) {
      ctx.addIssue({ code: "custom", message: `${items.length} items, more than ${MAX_TELEMETRY_ITEMS}`, params: reasonOf("too_many_items") });
    } else if (new Set(items).size !== items.length) {
      ctx.addIssue({ code: "custom", message: "an item appears twice", params: reasonOf("duplicate_items") });
    }
  });

/** Who contributed an answered item in team-draft interleaving: a team, or "both" (shared/interleaving). */
export const TelemetryTeam = z.enum(ITEM_TEAMS);

/** The team of each answered item, in answer order: at most MAX_TELEMETRY_ITEMS, like the items. */
export const TelemetryTeams = z.array(TelemetryTeam).superRefine((teams, ctx) => {
  if (teams.length > MAX_TELEMETRY_ITEMS) {
    ctx.addIssue({ code: "custom", message: `${teams.length} teams, more than ${MAX_TELEMETRY_ITEMS}`, params: reasonOf("too_many_items") });
  }
});
