/** Status snapshots and a fake reader for the status page's tests. */
import type { PartitionStatus } from "../../../read-models/read-partition-status.ts";
import type { StatusReader, StatusSnapshot } from "../status-snapshot.ts";

export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

/** A stalled partition as ingestion samples it: 7 messages waiting for 12 minutes, its checkpoint still for 20. */
export const STALLED_PARTITION: PartitionStatus = {
  consumer: "movielog-ingest",
  topic: "movielog",
  partition: 1,
  clusterId: "c1",
  lag: 7,
  nextOffset: 120,
  progressedAt: T0 - 20 * MINUTE,
  lagSince: T0 - 12 * MINUTE,
  checkpointSince: T0 - 20 * MINUTE,
  stalled: true,
  measuredAt: T0 - 5000,
};

/**
 * A snapshot read at T0: partitions of movielog (one caught up, one stalled) and of
 * telemetry (sampled last an hour ago), quarantines, a production model and a rejected
 * newer one, a release in canary, one design, users, and a few buckets.
 */
export function sampleSnapshot(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    readAt: T0,
    dataPath: {
      partitions: [
        { ...STALLED_PARTITION, partition: 0, lag: 0, nextOffset: 500, progressedAt: T0 - 6000, lagSince: null, checkpointSince: T0 - 6000, stalled: false },
        STALLED_PARTITION,
        { ...STALLED_PARTITION, consumer: "telemetry-ingest", topic: "telemetry", partition: 0, measuredAt: T0 - 60 * MINUTE },
      ],
      quarantine: {
        from: T0 - 60 * MINUTE,
        to: T0,
        counts: [{ source: "kafka:movielog", reason: "malformed", count: 5 }, { source: "kafka:telemetry", reason: "bad_signature", count: 1 }],
      },
      streamClock: T0 + 30 * 24 * 60 * MINUTE,
    },
    models: {
      production: {
        version: "als-1",
        status: "production",
        createdAt: T0 - 26 * 60 * MINUTE,
        statusChangedAt: T0 - 25 * 60 * MINUTE,
        data: { id: "snap-a", rows: { watch: 900, ratings: 100 }, to: T0 - 27 * 60 * MINUTE },
        gate: { pass: true, metric: "ndcg", reasons: [] },
      },
      recent: [
        {
          version: "als-2",
          status: "rejected",
          createdAt: T0 - 2 * 60 * MINUTE,
          statusChangedAt: T0 - 2 * 60 * MINUTE,
          data: { id: "snap-b", rows: { watch: 950, ratings: 110 }, to: T0 - 3 * 60 * MINUTE },
          gate: { pass: false, metric: "ndcg", reasons: ["ndcg 0.0100 is not better than the popularity ranking's 0.0200"] },
        },
        {
          version: "als-1",
          status: "production",
          createdAt: T0 - 26 * 60 * MINUTE,
          statusChangedAt: T0 - 25 * 60 * MINUTE,
          data: { id: "snap-a", rows: { watch: 900, ratings: 100 }, to: T0 - 27 * 60 * MINUTE },
          gate: { pass: true, metric: "ndcg", reasons: [] },
        },
      ],
      latestData: {
        id: "snap-b",
        source: "event-store",
        createdAt: T0 - 2 * 60 * MINUTE - 30_000,
        cutoff: T0 - 2 * 60 * MINUTE - 60_000,
        timeTo: T0 - 3 * 60 * MINUTE,
        rows: { watch: 950, ratings: 110 },
      },
    },
    release: {
      ok: true,
      updatedAt: T0 - MINUTE,
      state: {
        id: 3,
        modelVersion: "als-2",
        previousVersion: "als-1",
        phase: "canary",
        step: 1,
        stepStartedAt: T0 - 10 * MINUTE,
        stepStreamStartedAt: null,
        reason: null,
        history: [
          {
            at: T0 - 20 * MINUTE,
            event: "start",
            from: "pending",
            to: "canary",
            step: 0,
            detail: "5 %",
            evidence: null,
          },
          {
            at: T0 - 10 * MINUTE,
            event: "step_passed",
            from: "canary",
            to: "canary",
            step: 1,
            detail: "25 %",
            evidence: null,
          },
        ],
      },
    },
    designs: [{
      key: "list-length",
      hypothesis: "Shorter converts",
      startedAt: T0 - 60 * MINUTE,
      stoppedAt: null,
    }],
    windows: [{ experiment: "list-length", from: T0 - 60 * MINUTE, to: T0 }],
    variantUsers: [{ experiment: "list-length", variant: "control", users: 12 }],
    availability: {
      from: T0 - 15 * MINUTE,
      to: T0,
      bucketMs: 5 * MINUTE,
      buckets: [{ start: T0 - 15 * MINUTE, total: 4, good: 3 }, {
        start: T0 - 5 * MINUTE,
        total: 2,
        good: 2,
      }],
    },
    conversion: {
      from: T0 - 15 * MINUTE,
      to: T0,
      bucketMs: 5 * MINUTE,
      streamEnd: T0 - 4 * MINUTE,
      conversionWindowMs: 5 * MINUTE,
      buckets: [{ start: T0 - 15 * MINUTE, total: 10, good: 5 }, {
        start: T0 - 10 * MINUTE,
        total: 4,
        good: 1,
      }],
    },
    ...overrides,
  };
}

export type FakeStatusReader = StatusReader & {
  reads: number;
  down: boolean;
  /** Holds every read until released, to test slow databases. */
  hold: Promise<void> | null;
  snapshot: StatusSnapshot;
};

/** A reader answering `snapshot` (with readAt the read's time), or failing while `down`. */
export function fakeStatusReader(snapshot: StatusSnapshot = sampleSnapshot()): FakeStatusReader {
  const reader: FakeStatusReader = {
    reads: 0,
    down: false,
    hold: null,
    snapshot,
    async read({ now }) {
      reader.reads += 1;
      await reader.hold;
      if (reader.down) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      return { ...reader.snapshot, readAt: now };
    },
  };
  return reader;
}
