/** Status snapshots and a fake reader for the status page's tests. */
import type { StatusReader, StatusSnapshot } from "../status-snapshot.ts";

export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

/** A snapshot read at T0: a release in canary, one design, users, and a few buckets. */
export function sampleSnapshot(overrides: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    readAt: T0,
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
