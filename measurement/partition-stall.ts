/**
 * What "a stalled partition" means, defined once for every reader: the alert, the
 * dashboard, and the status page through what ingestion records. A partition is stalled
 * when it had lag in every sample of the last PARTITION_STALL_WINDOW_MS (and one that
 * long ago) and its stored checkpoint did not move in that time, however small the lag.
 *
 * Both halves matter. "Lag now and no progress for N minutes" alone would call a
 * quiet stream stalled the moment its first message in an hour arrives (lag 1, last
 * progress an hour ago); requiring lag throughout the window leaves the consumer N
 * minutes to apply it. And the checkpoint, not its update time, is what must move:
 * a batch of redelivered messages below the checkpoint is no progress.
 *
 * Prometheus computes it as the recording rule PARTITION_STALLED_RECORD in
 * ops/prometheus/alerts.yml from ingest_consumer_lag and ingest_partition_next_offset
 * (present, with the lag as its value, only for stalled partitions; a partition that
 * never stored a checkpoint counts as unmoved). tests/compose/monitoring.test.ts checks
 * that the rule's windows are this constant, and partition-stall.test.ts runs the rule's
 * promtool cases through nextPartitionSample. Ingestion samples every partition the same
 * way (ingest/partition-status-recorder.ts) and stores the samples, so the status page
 * shows the same verdict without keeping a history of its own. Pure, runtime-neutral.
 */

/** How long a partition must have had lag without its checkpoint moving to count as stalled. */
export const PARTITION_STALL_WINDOW_MS = 5 * 60_000;

/** The recording rule holding the stalled partitions: labels topic and partition, value the lag. */
export const PARTITION_STALLED_RECORD = "ingest:partition_stalled";

/** One partition as measured now: its lag and its stored checkpoint (null before its first batch). */
export type PartitionObservation = {
  /** The Kafka cluster the offsets belong to: a new cluster starts every partition's history over. */
  readonly clusterId: string;
  readonly lag: number;
  readonly nextOffset: number | null;
};

/**
 * A partition's latest sample and what the samples before it showed: the two facts the
 * definition needs from the window, kept as "since when" instead of a list of samples.
 */
export type PartitionSample = PartitionObservation & {
  /** When this sample was taken (epoch ms). */
  readonly measuredAt: number;
  /** The first sample of the unbroken run of samples with lag, up to this one; null when this one has none. */
  readonly lagSince: number | null;
  /** The first sample that saw the checkpoint this one holds (no checkpoint is a value too). */
  readonly checkpointSince: number;
  /** The definition's verdict at `measuredAt`. */
  readonly stalled: boolean;
};

/**
 * The sample after `previous` (null: the partition's first, or its first on this cluster)
 * for `observed` at `at`. A lag of 0 ends the run of lag; a different checkpoint starts
 * its time over. A previous sample older than the window (ingestion was down) is no
 * history, as a Prometheus series goes stale after its five-minute lookback. `windowMs` is
 * the definition's window (tests of the whole chain scale it together with the rules).
 */
export function nextPartitionSample(
  previous: PartitionSample | null,
  observed: PartitionObservation,
  at: number,
  windowMs: number = PARTITION_STALL_WINDOW_MS,
): PartitionSample {
  const prior = previous !== null && previous.clusterId === observed.clusterId && previous.measuredAt <= at &&
      isSampleCurrent(previous, at, windowMs)
    ? previous
    : null;
  const lagSince = observed.lag > 0 ? (prior?.lagSince ?? at) : null;
  const checkpointSince = prior !== null && prior.nextOffset === observed.nextOffset ? prior.checkpointSince : at;
  return {
    ...observed,
    measuredAt: at,
    lagSince,
    checkpointSince,
    stalled: lagSince !== null && at - lagSince >= windowMs && at - checkpointSince >= windowMs,
  };
}

/**
 * Whether `sample` still says something about `now`: it was taken at most one window ago.
 * An older one (ingestion stopped sampling) can no longer tell a stall from progress.
 */
export function isSampleCurrent(sample: Pick<PartitionSample, "measuredAt">, now: number, windowMs: number = PARTITION_STALL_WINDOW_MS): boolean {
  // A sample from slightly ahead (another host's clock) is current.
  return now - sample.measuredAt <= windowMs;
}
