import { expect, test } from "bun:test";
import { mulberry32 } from "../random/mulberry32.ts";
import {
  logPreferenceMixture,
  preferenceMixtureShape,
  preferenceSequence,
  preferenceVerdict,
} from "./preference-sequence.ts";

// Reference values from scipy 1.17.1, written independently of this module:
//   logM(A, B, a, p) = betaln(a + B, a + A) − betaln(a, a) − B·log p − A·log1p(−p)
//   shape(α, N) = max(0.5, (1/ρ² − 1)/2), ρ² = (c + log(c + 1))/N, c = −2·log α
//   bounds: scipy.optimize.brentq(logM(·) − log(1/α)) on (0, B/n) and (B/n, 1), xtol = rtol = 1e-15
//   p-value: min(1, exp(−logM(A, B, a, ½)))
const SHAPE_2000 = 125.50560979256339;
const SHAPE_500_AT_1PCT = 21.175533776492436;

test("preferenceMixtureShape() matches the normal mixture's tuned precision (scipy reference)", () => {
  expect(preferenceMixtureShape(0.05, 2000)).toBeCloseTo(SHAPE_2000, 9);
  expect(preferenceMixtureShape(0.05, 10_000)).toBeCloseTo(629.528048962817, 9);
  expect(preferenceMixtureShape(0.01, 500)).toBeCloseTo(SHAPE_500_AT_1PCT, 9);
  expect(preferenceMixtureShape(0.05, 3)).toBe(0.5); // a tiny plan floors at the Jeffreys shape
});

const mixtures: readonly [preferA: number, preferB: number, shape: number, p: number, logM: number][] = [
  [40, 60, 1.0, 0.5, -0.09096487798123931],
  [450, 550, SHAPE_2000, 0.5, 3.2003396993083584],
  [3, 0, 2.0, 0.3, -0.5394130806179036],
  [0, 30, 10.0, 0.9, -8.235111508848615],
  [7, 2, 0.5, 0.25, -1.34114702929697],
];
for (const [preferA, preferB, shape, p, logM] of mixtures) {
  test(`logPreferenceMixture() of ${preferA} A / ${preferB} B, shape ${shape}, at p ${p} is ${logM}`, () => {
    expect(Math.abs(logPreferenceMixture({ preferA, preferB }, shape, p) - logM)).toBeLessThanOrEqual(1e-9);
  });
}

const sequences: readonly [preferA: number, preferB: number, alpha: number, shape: number, lower: number, upper: number, pValue: number][] = [
  [40, 60, 0.05, 1.0, 0.4407744481879107, 0.7460362553482379, 1.0],
  [450, 550, 0.05, SHAPE_2000, 0.5010337214797635, 0.5983276230140483, 0.040748359437491215],
  [0, 10, 0.05, 0.5, 0.6230126490093226, 1.0, 0.005542445170928144],
  [3, 0, 0.05, 2.0, 0.0, 0.7845565309968117, 0.6250000000000002],
  [1000, 1100, 0.05, SHAPE_2000, 0.4915618543623234, 0.5559252723590393, 0.3646378391484776],
  [5, 5, 0.05, 1.0, 0.12921901240078776, 0.8707809875992123, 1.0],
  [120, 80, 0.01, SHAPE_500_AT_1PCT, 0.284086112693279, 0.524000984700755, 0.08604112952950309],
  [0, 30, 0.05, 10.0, 0.6189554529320944, 1.0, 8.284920264522533e-05],
];
for (const [preferA, preferB, alpha, shape, lower, upper, pValue] of sequences) {
  test(`preferenceSequence() of ${preferA} A / ${preferB} B at alpha ${alpha}, shape ${shape} is [${lower}, ${upper}], p ${pValue}`, () => {
    const s = preferenceSequence({ preferA, preferB }, alpha, shape);
    expect(s.share).toBeCloseTo(preferB / (preferA + preferB), 12);
    expect(Math.abs(s.lower - lower)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(s.upper - upper)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(s.pValue - pValue)).toBeLessThanOrEqual(1e-9 * pValue + 1e-15);
  });
}

test("preferenceSequence() is conclusive exactly when the sequence excludes one half, towards the observed side", () => {
  expect(preferenceSequence({ preferA: 450, preferB: 550 }, 0.05, SHAPE_2000).verdict).toBe("B preferred");
  expect(preferenceSequence({ preferA: 550, preferB: 450 }, 0.05, SHAPE_2000).verdict).toBe("A preferred");
  expect(preferenceSequence({ preferA: 1000, preferB: 1100 }, 0.05, SHAPE_2000).verdict).toBe("inconclusive");
  // p 0.0407: conclusive at 5%, not at 4%.
  expect(preferenceVerdict({ preferA: 450, preferB: 550 }, 0.04, SHAPE_2000)).toBe("inconclusive");
  for (let preferB = 0; preferB <= 60; preferB += 3) {
    const s = preferenceSequence({ preferA: 60 - preferB, preferB }, 0.05, 4);
    expect(s.lower > 0.5 || s.upper < 0.5).toBe(s.pValue <= 0.05);
    expect(s.verdict === "inconclusive").toBe(s.pValue > 0.05);
  }
});

test("preferenceSequence() before anyone has a preference is [0, 1] and inconclusive", () => {
  const s = preferenceSequence({ preferA: 0, preferB: 0 }, 0.05, 10);
  expect(s).toEqual({ share: NaN, lower: 0, upper: 1, pValue: 1, verdict: "inconclusive" });
});

test("preferenceVerdict() rejects counts, alpha and shapes it cannot mean", () => {
  expect(() => preferenceVerdict({ preferA: -1, preferB: 3 }, 0.05, 1)).toThrow("current value of preferA is -1");
  expect(() => preferenceVerdict({ preferA: 1, preferB: 2.5 }, 0.05, 1)).toThrow("current value of preferB is 2.5");
  expect(() => preferenceVerdict({ preferA: 1, preferB: 2 }, 0, 1)).toThrow("alpha in (0, 1): current value is 0");
  expect(() => preferenceVerdict({ preferA: 1, preferB: 2 }, 0.05, 0)).toThrow("finite shape > 0: current value is 0");
  expect(() => preferenceMixtureShape(0.05, 0)).toThrow("plannedUsers > 0: current value is 0");
});

test("preferenceVerdict() says B or A is preferred in at most alpha of seeded fair-coin runs peeked at every user", () => {
  const random = mulberry32(2024);
  const shape = preferenceMixtureShape(0.05, 500);
  const runs = 200;
  let falseVerdicts = 0;
  for (let r = 0; r < runs; r++) {
    let preferA = 0, preferB = 0;
    for (let user = 0; user < 2_000; user++) {
      if (random() < 0.5) preferB++;
      else preferA++;
      if (preferenceVerdict({ preferA, preferB }, 0.05, shape) !== "inconclusive") {
        falseVerdicts++;
        break;
      }
    }
  }
  expect(falseVerdicts / runs).toBeLessThanOrEqual(0.05);
});

test("preferenceVerdict() finds a 60/40 preference for B within 1,000 users in seeded runs, never for A", () => {
  const random = mulberry32(7);
  const shape = preferenceMixtureShape(0.05, 500);
  const verdicts: string[] = [];
  for (let r = 0; r < 50; r++) {
    let preferA = 0, preferB = 0, verdict = "inconclusive";
    for (let user = 0; user < 1_000 && verdict === "inconclusive"; user++) {
      if (random() < 0.6) preferB++;
      else preferA++;
      verdict = preferenceVerdict({ preferA, preferB }, 0.05, shape);
    }
    verdicts.push(verdict);
  }
  expect(verdicts.filter((v) => v === "B preferred").length).toBeGreaterThanOrEqual(48);
  expect(verdicts).not.toContain("A preferred");
});
