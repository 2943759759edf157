/**
 * What "a stalled partition" means, defined once for every reader (the alert, the
 * dashboard, later the status page): a partition is stalled when it had lag in every
 * sample of the last PARTITION_STALL_WINDOW_MS (and one that long ago) and its stored
 * checkpoint did not move in that time, however small the lag.
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
 * never stored a checkpoint counts as unmoved). tests/compose/monitoring.test.ts
 * checks that the rule's windows are this constant.
 */

/** How long a partition must have had lag without its checkpoint moving to count as stalled. */
export const PARTITION_STALL_WINDOW_MS = 5 * 60_000;

/** The recording rule holding the stalled partitions: labels topic and partition, value the lag. */
export const PARTITION_STALLED_RECORD = "ingest:partition_stalled";
