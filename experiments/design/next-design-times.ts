/** An experiment's run times on both clocks (epoch ms), as its design row keeps them. */
export type RunTimes = {
  startedAt: Date | null;
  stoppedAt: Date | null;
  streamStartedAt: Date | null;
  streamStoppedAt: Date | null;
};

/**
 * The run times after a start or stop at `now` (wall clock) and `streamNow` (the stream's
 * clock). A start keeps an earlier start: a restarted experiment has the same seed, so its
 * users keep their variants and the first run's data still counts; it clears the stop,
 * since a running experiment has not stopped. A stop records when it stopped.
 */
export function nextDesignTimes(
  times: RunTimes,
  to: "running" | "stopped",
  now: number,
  streamNow: number,
): RunTimes {
  if (to === "running") {
    return {
      startedAt: times.startedAt ?? new Date(now),
      stoppedAt: null,
      streamStartedAt: times.streamStartedAt ?? new Date(streamNow),
      streamStoppedAt: null,
    };
  }
  return { ...times, stoppedAt: new Date(now), streamStoppedAt: new Date(streamNow) };
}
