import { expect, test } from "bun:test";
import { ModelManifest } from "../../shared/model/manifest.ts";
import { sampleManifest } from "../../shared/model/testing/sample-manifest.ts";
import { buildProvenance } from "./build-provenance.ts";
import type { ProvenanceFacts, ServedRequest } from "./provenance-facts.ts";

const HASH = "ab".repeat(32);
const CUTOFF = Date.UTC(2024, 5, 1);
const request: ServedRequest = {
  requestId: "r1", time: Date.UTC(2024, 5, 2), userId: 7, status: 200, latencyMs: 12, pool: "stable", modelVersion: "m1",
  rulesVersion: 3, assignments: [{ experiment: "e", variant: "b" }], items: ["a", "b"], fallback: false, fallbackReason: null,
};
const manifest = ModelManifest.parse({
  ...sampleManifest, version: "m1",
  snapshot: { id: "snap-abababababababababab", source: "event-store", rows: { ratings: 5, watch: 9 }, timeRange: { from: null, to: null }, filters: { contentHash: HASH, cutoff: CUTOFF } },
});
const facts: ProvenanceFacts = {
  request,
  audit: { id: 1, version: 3, at: "2024-06-01T00:00:00.000Z", actor: "ops", source: "cli", change: {}, document: {} },
  model: { version: "m1", createdAt: "2024-06-01T01:00:00Z", status: "production", artifactPath: "/a/m1", manifest },
  recordedSnapshot: null,
  snapshotOnDisk: { path: "/s/snap-abababababababababab", exists: true, contentHash: HASH },
  snapshotDir: "/s",
};

test("buildProvenance() names the model, rules version and the command reading the frozen snapshot", () => {
  const report = buildProvenance(facts);
  expect(report.answeredBy).toBe("model");
  expect(report.summary).toBe("Request r1 at 2024-06-02T00:00:00.000Z was answered by model m1 in pool stable under rules version 3.");
  expect(report.rulesNote).toBe("rules version 3 was written at 2024-06-01T00:00:00.000Z by ops (cli)");
  expect(report.model?.code).toEqual({ commit: "0123abc", dirty: false });
  expect(report.trainingData).toMatchObject({ contentHash: HASH, cutoff: CUTOFF, onDisk: { exists: true, contentHashMatches: true } });
  expect(report.trainingData?.rebuild).toStartWith("SNAPSHOT_DIR=/s bun run train --dataset snapshot:snap-abababababababababab reads");
});

test("buildProvenance() falls back to reselecting at the cutoff when the snapshot is not on disk", () => {
  const report = buildProvenance({ ...facts, snapshotOnDisk: { path: "/s/x", exists: false, contentHash: null } });
  expect(report.trainingData?.rebuild).toBe(
    "the snapshot's files are not in /s; bun run train --cutoff 2024-06-01T00:00:00.000Z selects the event store again at the same cutoff, and gives the same rows only if it gets the same snapshot id (snap-abababababababababab).",
  );
});

test("buildProvenance() says a fallback answer came from the fallback list, with no model", () => {
  const report = buildProvenance({ ...facts, request: { ...request, fallback: true, fallbackReason: "no_worker_answer", modelVersion: "fallback" }, model: null, snapshotOnDisk: null });
  expect(report.answeredBy).toBe("fallback");
  expect(report.summary).toContain("answered from the router's fallback list (no_worker_answer), no model");
  expect([report.model, report.trainingData, report.modelNote]).toEqual([null, null, "no model: the answer did not come from a worker"]);
});
