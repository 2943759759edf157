/** A rolled-back release with one passed, one failed (recorded before degraded was measured) and one skipped step, for the notify tests. */
import { ReleaseReport } from "./release-report.ts";

/** A fresh, validated sample report; `overrides` replace top-level fields. */
export function sampleReleaseReport(overrides: Partial<ReleaseReport> = {}): ReleaseReport {
  return ReleaseReport.parse({
    releaseId: "rel-0042",
    modelVersion: "als-v43",
    previousVersion: "als-v42",
    outcome: "rolled_back",
    stage: "canary 20%",
    reason: "conversion is confidently worse than stable",
    startedAt: "2025-03-01T10:00:00.000Z",
    finishedAt: "2025-03-01T10:35:00.000Z",
    codeCommit: "0123abcd",
    dataSnapshotId: "snap-2025-03-01",
    buildLink: "https://ci.example.com/job/release/42",
    steps: [
      {
        percent: 5,
        startedAt: "2025-03-01T10:01:00.000Z",
        endedAt: "2025-03-01T10:12:30.000Z",
        outcome: "pass",
        reasons: ["guardrails hold"],
        stable: { users: 900, requests: 19_000, conversion: 0.121, errorRate: 0.002, degradedRate: 0.01, p99Ms: 80 },
        canary: { users: 50, requests: 1_000, conversion: 0.118, errorRate: 0.003, degradedRate: 0.012, p99Ms: 84 },
        tests: [
          { kind: "count", metric: "errors", outcome: "pass", canaryRate: 0.003, stableRate: 0.002, logBayesFactor: -1.5 },
          { kind: "latency", metric: "p99", outcome: "pass", stableMs: 80, canaryMs: 84, limitMs: 140 },
        ],
      },
      {
        percent: 20,
        startedAt: "2025-03-01T10:12:30.000Z",
        endedAt: "2025-03-01T10:35:00.000Z",
        outcome: "fail",
        reasons: ["conversion lift upper bound -2.0% is below 0"],
        stable: { users: 810, requests: 16_000, conversion: 0.12, errorRate: 0.002, p99Ms: 81 },
        canary: { users: 400, requests: 8_000, conversion: 0.1, errorRate: 0.002, p99Ms: 83 },
        tests: [{ kind: "lift", metric: "conversion", outcome: "fail", lift: -0.166, lower: -0.3, upper: -0.02 }],
      },
      { percent: 50, startedAt: null, endedAt: null, outcome: "skipped", reasons: [], stable: null, canary: null, tests: [] },
    ],
    ...overrides,
  });
}
