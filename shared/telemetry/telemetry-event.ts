/**
 * One answered recommendation request, as the router records it on the telemetry topic.
 * Ingestion, canary judgement and experiment reports read it back with
 * parseTelemetryEvent; a change of meaning is a new TELEMETRY_FORMAT_VERSION, and the
 * readers keep reading the older ones (telemetry-event-v1.ts, telemetry-event-v2.ts).
 *
 * Version 2 added who wrote it and who asked: `signature`, the router's HMAC over the
 * event (sign-telemetry-event.ts), so that nobody else who can write the topic can fail
 * a canary or hide an error spike; and `clientRequestId`, the caller's X-Request-Id,
 * kept apart from the router's own `requestId` so that a caller who repeats an id
 * cannot make its requests collapse into one stored row.
 *
 * Version 3 (this one) adds `interleaving`: for a request the rules chose to interleave
 * two pools (team draft, shared/interleaving), the two pools, whether the answer was
 * really merged, and the team that contributed each answered item, so that a watch can
 * be credited to the ranker that placed the movie. Null for every other request, which
 * means exactly what a version 2 event meant.
 */
import { z } from "zod";
import {
  boundedText,
  MAX_TELEMETRY_ASSIGNMENTS,
  MAX_TELEMETRY_ID_LENGTH,
  MAX_TELEMETRY_NAME_LENGTH,
  TelemetryItems,
  TelemetryLatency,
  TelemetryRulesVersion,
  TelemetryStatus,
  TelemetryTeams,
  TelemetryTime,
  TelemetryUserId,
} from "./telemetry-bounds.ts";

/** The event format this code writes. */
export const TELEMETRY_FORMAT_VERSION = 3;

/** A user's variant in one experiment (the X-Variant header as data). */
export const TelemetryAssignment = z.strictObject({
  experiment: boundedText(MAX_TELEMETRY_NAME_LENGTH),
  variant: boundedText(MAX_TELEMETRY_NAME_LENGTH),
});
export type TelemetryAssignment = z.infer<typeof TelemetryAssignment>;

/** The assignments of one request, capped (`too_many_assignments`). */
export const TelemetryAssignments = z.array(TelemetryAssignment).superRefine((list, ctx) => {
  if (list.length > MAX_TELEMETRY_ASSIGNMENTS) {
    ctx.addIssue({
      code: "custom",
      message: `${list.length} assignments, more than ${MAX_TELEMETRY_ASSIGNMENTS}`,
      params: { reason: "too_many_assignments" },
    });
  }
});

/** Why the answer came from the router's fallback list instead of a worker. */
export const FallbackReason = z.enum(["no_rules", "no_worker_answer"]);
export type FallbackReason = z.infer<typeof FallbackReason>;

/** HMAC-SHA256 in lowercase hex; anything else in the field is a `bad_signature`. */
export const TelemetrySignature = z.string().superRefine((text, ctx) => {
  if (!/^[0-9a-f]{64}$/.test(text)) {
    ctx.addIssue({ code: "custom", message: "is not 64 lowercase hex digits", params: { reason: "bad_signature" } });
  }
});

/** The fields every format version has, with their bounds. */
export const TELEMETRY_FIELDS = {
  /** The router's id of the request (X-Request-Id of the answer). */
  requestId: boundedText(MAX_TELEMETRY_ID_LENGTH),
  /** When the request arrived, epoch ms UTC. */
  time: TelemetryTime,
  /** Null when the path did not hold a valid user id (the answer is then a 400). */
  userId: TelemetryUserId.nullable(),
  status: TelemetryStatus,
  /** Time from request to answer as the router measured it. */
  latencyMs: TelemetryLatency,
  /** The pool the rules chose; null when no rules were loaded or the request was refused. */
  pool: boundedText(MAX_TELEMETRY_NAME_LENGTH).nullable(),
  /** X-Model-Version: the worker's model, "fallback", or null for refused requests. */
  modelVersion: boundedText(MAX_TELEMETRY_NAME_LENGTH).nullable(),
  /** Version of the rules document in force, so assignments can be reproduced. */
  rulesVersion: TelemetryRulesVersion.nullable(),
  assignments: TelemetryAssignments,
  /** The movie ids answered, in order; empty for a non-200 answer. */
  items: TelemetryItems,
  fallback: z.boolean(),
  fallbackReason: FallbackReason.nullable(),
};

/** The fields format 2 added (who wrote the event, who asked), which later formats keep. */
export const SIGNED_TELEMETRY_FIELDS = {
  /** The caller's X-Request-Id, cleaned and capped by the router; never a key. */
  clientRequestId: boundedText(MAX_TELEMETRY_ID_LENGTH).nullable(),
  /** The router's HMAC-SHA256 over the other fields; null when the router has no key. */
  signature: TelemetrySignature.nullable(),
};

/**
 * How an interleaving request was served. `interleaved` is true when both pools answered
 * and the answer is their team-draft merge; false when one pool's list was answered alone
 * (the other failed or was late) or neither answered (the fallback list). `teams[i]` is
 * the team ("A" for pool `a`, "B" for pool `b`) of the answer's i-th item, or "both"
 * when both pools put it next at once (credited to neither); empty when no pool's list
 * was answered.
 */
export const TelemetryInterleaving = z.strictObject({
  a: boundedText(MAX_TELEMETRY_NAME_LENGTH),
  b: boundedText(MAX_TELEMETRY_NAME_LENGTH),
  interleaved: z.boolean(),
  teams: TelemetryTeams,
});
export type TelemetryInterleaving = z.infer<typeof TelemetryInterleaving>;

/** What the current format adds to TELEMETRY_FIELDS and SIGNED_TELEMETRY_FIELDS. */
const TelemetryEventObject = z.strictObject({
  formatVersion: z.literal(TELEMETRY_FORMAT_VERSION),
  ...TELEMETRY_FIELDS,
  ...SIGNED_TELEMETRY_FIELDS,
  /** Null unless the rules chose to interleave two pools for this request. */
  interleaving: TelemetryInterleaving.nullable(),
});

/** The ways an interleaving can contradict the answer it describes; empty when it agrees. */
function interleavingProblems(event: z.infer<typeof TelemetryEventObject>): string[] {
  const interleaving = event.interleaving;
  if (interleaving === null) return [];
  const { teams, interleaved } = interleaving;
  const problems: string[] = [];
  if (teams.length !== 0 && teams.length !== event.items.length) {
    problems.push(`${teams.length} teams for ${event.items.length} items: each answered item has one team`);
  }
  if (interleaved && (event.fallback || teams.length !== event.items.length)) {
    problems.push("an interleaved answer is a merge of both pools' lists, with a team for every item");
  }
  if (!interleaved && (new Set(teams).size > 1 || teams.includes("both"))) {
    problems.push("an answer that was not interleaved comes from one team");
  }
  return problems;
}

export const TelemetryEvent = TelemetryEventObject.superRefine((event, ctx) => {
  for (const message of interleavingProblems(event)) {
    // No reason of its own: a contradiction between fields is a malformed event (invalid_event).
    ctx.addIssue({ code: "custom", path: ["interleaving"], message });
  }
});
export type TelemetryEvent = z.infer<typeof TelemetryEvent>;
