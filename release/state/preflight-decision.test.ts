import { describe, expect, test } from "bun:test";
import { preflightDecision } from "./preflight-decision.ts";

const tolerance = { metric: "ndcg", tolerance: 0.02 } as const;
const passedGate = { pass: true, metric: "ndcg", reasons: [] };

describe("preflightDecision()", () => {
  test("passes a registered model whose gate passed and whose ndcg is within tolerance of production", () => {
    const decision = preflightDecision({ ndcg: 0.295, gate: passedGate }, { version: "p1", metrics: { ndcg: 0.3 } }, "registered", tolerance);
    expect(decision).toEqual({ pass: true, reasons: [], evidence: { metric: "ndcg", candidate: 0.295, production: 0.3, floor: 0.3 * 0.98, registryStatus: "registered" } });
  });

  test("fails a model more than the tolerance below production", () => {
    const decision = preflightDecision({ ndcg: 0.28, gate: passedGate }, { version: "p1", metrics: { ndcg: 0.3 } }, "registered", tolerance);
    expect(decision.pass).toBe(false);
    expect(decision.reasons).toEqual(["ndcg 0.2800 is below production's 0.3000 by more than 2.0%"]);
  });

  test("leaves the comparison to the gate when the gate compared with this production model", () => {
    const metrics = { ndcg: 0.28, gate: passedGate, production: { version: "p1" } };
    expect(preflightDecision(metrics, { version: "p1", metrics: { ndcg: 0.3 } }, "registered", tolerance).pass).toBe(true);
    expect(preflightDecision(metrics, { version: "p2", metrics: { ndcg: 0.3 } }, "registered", tolerance).pass).toBe(false);
  });

  test("fails a model the registry rejected, with the gate's reasons", () => {
    const gate = { pass: false, reasons: ["ndcg 0.1 is not better than popularity"] };
    const decision = preflightDecision({ ndcg: 0.31, gate }, { version: "p1", metrics: { ndcg: 0.3 } }, "rejected", tolerance);
    expect(decision.reasons).toEqual([
      "the registry marks the model rejected (the offline gate refused it)",
      "the offline gate did not pass: ndcg 0.1 is not better than popularity",
    ]);
  });

  test("fails a manifest without a gate decision or a usable metric", () => {
    const decision = preflightDecision({ ndcg: null }, null, "registered", tolerance);
    expect(decision.reasons).toEqual(["the manifest records no offline gate decision", "ndcg of the candidate is missing or not a number (null)"]);
  });

  test("skips the comparison when there is no production model", () => {
    const decision = preflightDecision({ ndcg: 0.1, gate: passedGate }, null, "registered", tolerance);
    expect(decision).toMatchObject({ pass: true, evidence: { production: null, floor: null } });
  });

  test("fails the model already in production", () => {
    expect(preflightDecision({ ndcg: 0.3, gate: passedGate }, { version: "p1", metrics: { ndcg: 0.3 } }, "production", tolerance).reasons).toEqual(["the model is already in production"]);
  });
});
