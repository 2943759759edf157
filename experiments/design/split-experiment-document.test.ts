import { expect, test } from "bun:test";
import { Experiment } from "../../shared/rules/index.ts";
import { ExperimentDocument } from "./experiment-document.ts";
import { splitExperimentDocument } from "./split-experiment-document.ts";

const document = ExperimentDocument.parse({
  key: "rows",
  hypothesis: "ten rows convert as well as twenty",
  layer: { name: "home", start: 0.5 },
  coverage: 0.5,
  targeting: { userRange: { from: 1, to: 1000 } },
  variants: [
    { key: "twenty", weight: 0.5, flags: { rows: 20 } },
    { key: "ten", weight: 0.5, flags: { rows: 10 } },
  ],
  control: "twenty",
  guardrailMetrics: ["latency_ms", "rating"],
});

test("splitExperimentDocument() makes a draft rules experiment with the layer as namespace", () => {
  const { experiment } = splitExperimentDocument(document);
  expect(experiment).toEqual({
    key: "rows",
    namespace: ["home", 0.5, 1],
    seed: "rows",
    coverage: 0.5,
    status: "draft",
    targeting: { userRange: { from: 1, to: 1000 } },
    variants: document.variants,
  });
  expect(Experiment.safeParse(experiment).success).toBe(true);
});

test("splitExperimentDocument() leaves out namespace and targeting when the document has none", () => {
  const { layer: _, targeting: __, ...plain } = document;
  const { experiment } = splitExperimentDocument(plain);
  expect(Object.keys(experiment)).toEqual(["key", "seed", "coverage", "status", "variants"]);
});

test("splitExperimentDocument() puts the hypothesis, control and metrics in the design", () => {
  expect(splitExperimentDocument(document).design).toEqual({
    key: "rows",
    hypothesis: "ten rows convert as well as twenty",
    controlVariant: "twenty",
    primaryMetric: "conversion",
    guardrailMetrics: ["latency_ms", "rating"],
    conversionWindowMs: 600_000,
    equivalenceMargin: null,
    observationWindowMs: 7 * 86_400_000,
    plannedUsers: null,
  });
  expect(splitExperimentDocument({ ...document, equivalenceMargin: 0.1 }).design.equivalenceMargin).toBe(0.1);
  expect(splitExperimentDocument({ ...document, plannedUsers: 1_000 }).design.plannedUsers).toBe(1_000);
});
