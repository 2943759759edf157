/**
 * When a replay's checks happen and what the stream's clock read at each, as pure
 * arithmetic, so both replays (of files and of a recorded release) and their tests
 * share one schedule. The supervisor checks a step every `checkIntervalMs`, judging
 * everything since the step began; a replay runs the same checks on recorded times.
 */

/** One check: the end of its telemetry window and the time since the step began. */
export type ScheduledCheck = { readonly to: number; readonly elapsedMs: number };

/**
 * The checks of a recording whose first judged event is at `first` and last at `last`:
 * check k judges [first, first + k·interval), for every interval the recording reaches
 * into (the last one may be partly empty: the data ended there, so the supervisor
 * would have seen nothing more at that check either).
 */
export function recordingChecks(first: number, last: number, intervalMs: number): ScheduledCheck[] {
  const count = Math.floor((last - first) / intervalMs) + 1;
  return Array.from({ length: count }, (_, i) => ({ to: first + (i + 1) * intervalMs, elapsedMs: (i + 1) * intervalMs }));
}

/**
 * The checks of a recorded step that began at `start` and ended at `end` (the decision
 * that left it, or now for a step still running): every interval, and a last check at
 * `end`, where the supervisor took the decision that ended the step. No window reaches
 * past `end`: what follows belongs to the next step, or to no canary at all.
 */
export function stepChecks(start: number, end: number, intervalMs: number): ScheduledCheck[] {
  if (end <= start) return [];
  const count = Math.ceil((end - start) / intervalMs);
  return Array.from({ length: count }, (_, i) => {
    const to = Math.min(start + (i + 1) * intervalMs, end);
    return { to, elapsedMs: to - start };
  });
}

/**
 * The two recorded spans of one period: the telemetry's (router wall clock) and the
 * stream's (the site's clock, which a simulated site runs faster).
 */
export type RecordedSpans = {
  readonly telemetry: { readonly first: number; readonly last: number };
  /** Null when the stream holds no event. */
  readonly stream: { readonly first: number; readonly last: number } | null;
};

/**
 * The stream's clock at telemetry time `t` in a recording of files, which carry no
 * ingestion times. Both files are taken to cover one period, so the stream's span is
 * laid linearly onto the telemetry's: its first event is the stream clock when the
 * step began (the supervisor's `streamFrom`), and its clock runs at the ratio of the
 * spans (1 for a real site, the speed-up for a simulated one), never past its last event
 * (a watermark is the latest event ingested). Null without a stream, as before any
 * stream event was ingested.
 */
export function recordedStreamClock(spans: RecordedSpans, t: number): number | null {
  const { telemetry, stream } = spans;
  if (stream === null) return null;
  const telemetrySpan = telemetry.last - telemetry.first;
  const streamSpan = stream.last - stream.first;
  const rate = telemetrySpan > 0 && streamSpan > 0 ? streamSpan / telemetrySpan : 1;
  return Math.min(stream.last, stream.first + Math.max(0, t - telemetry.first) * rate);
}
