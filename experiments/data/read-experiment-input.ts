/**
 * Loads one experiment's report input from Postgres: the design and rules, who was
 * exposed (telemetry, wall clock) and what they did before and during the experiment
 * (the event store, stream clock). The per-user rows are validated with the report
 * core's own schema, so a broken query fails here, not as a wrong statistic.
 */
import type postgres from "postgres";
import { readStreamClock } from "../../measurement/stream-clock.ts";
import { ExperimentReportInput, type UserRow } from "../report/experiment-report-input.ts";
import { readUserPreferences } from "../../measurement/interleaving/read-user-preferences.ts";
import { tallyPreferences } from "../../measurement/interleaving/preference-tally.ts";
import type { InterleavingInput, ReportInterleave } from "../report/experiment-report-input.ts";
import { type ExperimentWindows, experimentWindows } from "./experiment-windows.ts";
import { readReportDesign } from "./read-report-design.ts";
import { readExposures } from "./read-exposures.ts";
import { type BehaviourRow, readStreamBehaviour } from "./read-stream-behaviour.ts";

/** The input and what the reader left out or could not judge, in words; or why there is none. */
export type ReadExperimentInputResult =
  | { readonly ok: true; readonly input: ExperimentReportInput; readonly notes: string[] }
  | { readonly ok: false; readonly reason: string };

/** Reads experiment `key` as of wall-clock `now`, with the stream clock of `streamTopic`. */
export async function readExperimentInput(
  sql: postgres.Sql,
  key: string,
  options: { readonly now: number; readonly streamTopic: string },
): Promise<ReadExperimentInputResult> {
  const found = await readReportDesign(sql, key);
  if (!found.ok) return found;
  const { design } = found;
  const streamClock = await readStreamClock(sql, options.streamTopic);
  const observationWindowMs = design.experiment.observationWindowMs;
  const windows = experimentWindows({ ...design, observationWindowMs, now: options.now, streamClock });
  const notes: string[] = [];
  if (streamClock === null) {
    notes.push(`nothing was ingested from ${options.streamTopic} yet: behaviour is not judged`);
  } else if (windows.behaviour.to <= windows.behaviour.from) {
    notes.push("less than one conversion window of stream time has passed: behaviour is not judged yet");
  }
  if (design.idleVariants.length > 0) {
    notes.push(`variants with weight 0 are not compared: ${design.idleVariants.join(", ")}`);
  }

  const wallWindowMs = windows.observationWallMs ?? observationWindowMs;
  const exposures = await readExposures(sql, key, windows.exposure, wallWindowMs);
  if (exposures.mixed > 0) {
    notes.push(`${exposures.mixed} user(s) seen in more than one variant were left out`);
  }
  const known = new Set(design.experiment.variants.map((v) => v.key));
  const enrolled = exposures.users.filter((u) => known.has(u.variant));
  const unknown = exposures.users.length - enrolled.length;
  if (unknown > 0) {
    notes.push(`${unknown} user(s) in a variant not weighted in the rules were left out`);
  }

  const ids = enrolled.map((u) => u.user_id);
  const during = await readStreamBehaviour(sql, ids, windows.behaviour, windows.conversionWindowMs, observationWindowMs);
  const before = await readStreamBehaviour(sql, ids, windows.pre, windows.conversionWindowMs);
  const users: UserRow[] = enrolled.map((u) => {
    const now = during.get(u.user_id) ?? nothing(u.user_id);
    const pre = before.get(u.user_id) ?? nothing(u.user_id);
    return {
      userId: u.user_id,
      variant: u.variant,
      exposures: u.exposures,
      requests: now.requests,
      conversions: now.conversions,
      watchMinutes: now.watch_minutes,
      ratingSum: now.rating_sum,
      ratingCount: now.rating_count,
      latencyMsMean: u.latency_ms_mean,
      answers: u.answers,
      // CUPED covariates are 0 for a user new before the experiment: still independent of assignment.
      preConversion: pre.requests > 0 ? pre.conversions / pre.requests : 0,
      preWatchMinutes: pre.watch_minutes,
      firstExposureAt: u.first_exposure_at,
      // Final once the telemetry window (wall clock, scaled to the stream's pace) and the
      // behaviour window (stream clock, from the user's first judged list) have both passed; a
      // user with no judged list yet has nothing that can still change on the stream side once
      // their telemetry window is over.
      windowClosed: u.first_exposure_at + wallWindowMs <= windows.exposure.to && now.window_closed,
    };
  });

  const interleave = design.experiment.interleave;
  const interleaving = interleave && await readInterleaving(sql, interleave, enrolled, windows, observationWindowMs, notes);
  const input = ExperimentReportInput.safeParse({ experiment: design.experiment, users, ...(interleaving && { interleaving }) });
  if (!input.success) {
    const issues = input.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`experiment ${key}: the rows read do not form a valid report input: ${issues.join("; ")}`);
  }
  return { ok: true, input: input.data, notes };
}

/**
 * The interleaving variant's preferences over the judged period (measurement/interleaving),
 * each user's over their observation window, the window every other value of theirs
 * covers, tallied as the report reads them; lists that could not be credited are counted, and
 * refused answers are named in the notes with their reason.
 */
async function readInterleaving(
  sql: postgres.Sql,
  interleave: ReportInterleave,
  enrolled: readonly { readonly user_id: string; readonly variant: string }[],
  windows: ExperimentWindows,
  observationWindowMs: number,
  notes: string[],
): Promise<InterleavingInput> {
  const reading = await readUserPreferences(sql, {
    userIds: enrolled.filter((u) => u.variant === interleave.variant).map((u) => u.user_id),
    period: windows.behaviour,
    pools: { a: interleave.a, b: interleave.b },
    conversionWindowMs: windows.conversionWindowMs,
    preferenceWindowMs: observationWindowMs,
  });
  // Final by the judged period's end, as reading.finalUsers: the tally keeps ties and no-credit users apart.
  const { pending, ...counts } = tallyPreferences(reading.preferences, windows.behaviour.to);
  if (reading.refused.length > 0) {
    const shown = reading.refused.slice(0, 3).map((r) => r.reason).join("; ");
    notes.push(
      `${reading.refused.length} interleaved answer(s) could not be credited and were left out: ${shown}` +
        (reading.refused.length > 3 ? "; …" : ""),
    );
  }
  return {
    ...counts,
    pendingUsers: pending,
    notInterleavedLists: reading.notInterleavedLists,
    unmatchedLists: reading.unmatchedLists,
    refusedLists: reading.refused.length,
  };
}

function nothing(userId: string): BehaviourRow {
  return { user_id: userId, requests: 0, conversions: 0, watch_minutes: 0, rating_sum: 0, rating_count: 0, window_closed: true };
}
