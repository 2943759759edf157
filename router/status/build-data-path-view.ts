/**
 * The data path section's view, pure: partitions as ingestion last sampled them, judged
 * by measurement/partition-stall.ts (the definition the alert rule mirrors; nothing here
 * redefines a stall), quarantines of the last hour, and the stream's clock against the
 * wall clock.
 */
import { isSampleCurrent, PARTITION_STALL_WINDOW_MS } from "../../measurement/partition-stall.ts";
import type { PartitionStatus } from "../../read-models/read-partition-status.ts";
import { formatDuration } from "./format-duration.ts";
import { formatTime } from "./format-time.ts";
import type { DataPathSnapshot } from "./status-snapshot.ts";
import type { DataPathView, PartitionState, PartitionView, StreamClockView } from "./status-view.ts";

/** The section for `snapshot`, as of `now` (the page's clock: samples age while the snapshot is cached). */
export function buildDataPathView(snapshot: DataPathSnapshot, readAt: number, now: number): DataPathView {
  const partitions = snapshot.partitions.map((p) => partitionView(p, now));
  const total = snapshot.quarantine.counts.reduce((n, c) => n + c.count, 0);
  return {
    stallWindowMs: PARTITION_STALL_WINDOW_MS,
    partitions,
    partitionsNote: partitions.length === 0
      ? "Ingestion has recorded no partition yet: it samples every consumed partition every few seconds while it runs."
      : null,
    quarantine: { from: snapshot.quarantine.from, to: snapshot.quarantine.to, total, counts: snapshot.quarantine.counts },
    clock: streamClockView(snapshot.streamClock, readAt),
  };
}

/** How `p` stands at `now`: an old sample says nothing about now, whatever it said then. */
export function partitionState(p: PartitionStatus, now: number): PartitionState {
  if (!isSampleCurrent(p, now)) return "unmeasured";
  if (p.stalled) return "stalled";
  return p.lag > 0 ? "behind" : "caught_up";
}

const messages = (n: number) => (n === 1 ? "1 message" : `${n} messages`);

function partitionView(p: PartitionStatus, now: number): PartitionView {
  const state = partitionState(p, now);
  const waiting = p.lagSince === null ? "" : ` for ${formatDuration(p.measuredAt - p.lagSince)}`;
  const unmoved = `checkpoint ${p.nextOffset ?? "(none yet)"} unmoved for ${formatDuration(p.measuredAt - p.checkpointSince)}`;
  const detail = {
    stalled: `Stalled: ${messages(p.lag)} waiting${waiting}, ${unmoved}.`,
    behind: `${messages(p.lag)} waiting${waiting}.`,
    caught_up: "Caught up.",
    unmeasured: `Not sampled since ${formatTime(p.measuredAt)} (${formatDuration(now - p.measuredAt)} ago): is ingestion running?`,
  }[state];
  return {
    topic: p.topic,
    partition: p.partition,
    consumer: p.consumer,
    state,
    lag: p.lag,
    nextOffset: p.nextOffset,
    lastProgressAt: p.progressedAt,
    lagSince: p.lagSince,
    measuredAt: p.measuredAt,
    detail,
  };
}

function streamClockView(streamAt: number | null, wallAt: number): StreamClockView {
  if (streamAt === null) return { streamAt, wallAt, aheadMs: null, text: "No stream event stored yet: the stream has no clock." };
  const aheadMs = streamAt - wallAt;
  const by = formatDuration(aheadMs);
  const text = Math.abs(aheadMs) < 1000
    ? "level with the wall clock."
    : aheadMs > 0
    ? `${by} ahead of the wall clock: the stream's time runs faster than real time, as in a sped-up simulation.`
    : `${by} behind the wall clock: the newest event ingested is that old (a quiet stream, or ingestion behind).`;
  return { streamAt, wallAt, aheadMs, text: `Stream clock ${formatTime(streamAt)}, ${text}` };
}
