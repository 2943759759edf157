/**
 * `release replay --telemetry … --movielog …`: judges a recording as one step of a
 * policy, with no release and no running system. The files are loaded into an empty
 * database (load-recording.ts) and the step is replayed on the telemetry's own clock
 * from its first event of the two arms (check-schedule.ts), with the stream's clock
 * laid onto it (`recordedStreamClock`).
 */
import type postgres from "postgres";
import type { CanaryPolicy } from "../policy/canary-policy.ts";
import { recordedStreamClock, recordingChecks } from "./check-schedule.ts";
import { type LoadedRecording, loadRecording, RECORDED_ARMS } from "./load-recording.ts";
import { type ReplayCheck, type ReplayedStep, replayStep } from "./replay-step.ts";

/** The step a recording is judged as: its index in the policy's steps. */
export type RecordingStep = { readonly index: number; readonly percent: number };

/**
 * The policy's step with `percent`, or by default the first that requires quality (the
 * first step when none does); null when no step has that percentage.
 */
export function recordingStep(policy: CanaryPolicy, percent?: number): RecordingStep | null {
  const index = percent === undefined
    ? Math.max(0, policy.steps.findIndex((s) => s.requireQuality))
    : policy.steps.findIndex((s) => s.percent === percent);
  return index < 0 ? null : { index, percent: policy.steps[index].percent };
}

/** How the site measured what a check reads (the supervisor's RELEASE_CONVERSION_WINDOW_MS and RELEASE_CLIENT_TIMEOUT_MS). */
export type SiteSettings = { readonly conversionWindowMs: number; readonly clientTimeoutMs: number };

/** The replayed step and what loading the files did. */
export type ReplayedRecording = { readonly step: ReplayedStep; readonly loaded: LoadedRecording };

/** Loads the files into `sql` (migrated and empty) and replays them as `step` of `policy`. */
export async function replayFiles(
  sql: postgres.Sql,
  files: { readonly telemetry: string; readonly movielog: string },
  policy: CanaryPolicy,
  step: RecordingStep,
  site: SiteSettings,
  onCheck?: (check: ReplayCheck, index: number) => void,
): Promise<ReplayedRecording> {
  const loaded = await loadRecording(sql, files);
  const spans = loaded.spans;
  if (spans === null) {
    // No event of either arm: not one check can run, the data ended before any decision.
    return { loaded, step: { outcome: "inconclusive", decidedAtMs: null, reason: null, checks: 0, timeline: [], lastStable: null } };
  }
  const first = spans.telemetry.first;
  const streamStart = recordedStreamClock(spans, first);
  const replayed = await replayStep(
    sql,
    policy,
    step.index,
    {
      stablePool: RECORDED_ARMS.stable,
      canaryPool: RECORDED_ARMS.canary,
      from: first,
      // As the supervisor: without a stream clock, the step's own start.
      streamFrom: streamStart ?? first,
      conversionWindowMs: site.conversionWindowMs,
      clientTimeoutMs: site.clientTimeoutMs,
    },
    recordingChecks(first, spans.telemetry.last, policy.checkIntervalMs),
    (t) => recordedStreamClock(spans, t) ?? t,
    null,
    onCheck,
  );
  return { loaded, step: replayed };
}
