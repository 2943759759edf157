import { expect, test } from "bun:test";
import { ExperimentDocument } from "../../experiments/design/experiment-document.ts";
import { demoExperimentDocuments, MODEL_EQUIVALENCE_MARGIN } from "./demo-experiment-documents.ts";

test("the demo's experiment documents are valid documents, in two layers, keyed by the run", () => {
  const documents = demoExperimentDocuments("2612061200", "challenger", "weak");
  const parsed = documents.map((d) => ExperimentDocument.parse(d));
  expect(parsed.map((d) => d.key)).toEqual(["model-ab-2612061200", "popularity-blend-2612061200", "prefer-2612061200"]);
  expect(parsed.map((d) => d.layer?.name)).toEqual(["models", "ranking", "models"]);
  // The two model experiments share a layer without sharing a user: a user in both would get model-ab's pool.
  expect(parsed[0].layer?.end).toBe(parsed[2].layer?.start);
  expect(parsed[2].variants[1].interleave).toEqual({ a: "stable", b: "weak" });
  expect(parsed[2].variants.map((v) => v.key)).toEqual(["control", "treatment"]);
  // The model experiment declares what "no difference" means; the ranking one has a truth to find.
  expect(parsed[0].equivalenceMargin).toBe(MODEL_EQUIVALENCE_MARGIN);
  expect(parsed[0].variants.map((v) => v.pool)).toEqual(["stable", "challenger"]);
  expect(parsed[1].variants[1].flags?.popularityBlend).toBe(0.8);
  // Both windows are set here: the default (a week of stream time) is 42 minutes at 240×.
  for (const d of parsed) expect(d.observationWindowMs).toBeLessThanOrEqual(24 * 3_600_000);
});
