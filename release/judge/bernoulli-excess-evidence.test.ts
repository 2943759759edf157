import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { countLowerBound, logShareEvidence } from "./bernoulli-excess-evidence.ts";

// Reference values from mpmath (40 digits): log of the mean over j = 1..32 of the likelihood
// ratio (p_j/p0)^k ((1 − p_j)/(1 − p0))^(n − k), p_j at odds ratio 2^(±j/4) to p0.
test("logShareEvidence() matches the mixture computed independently with mpmath", () => {
  expect(logShareEvidence(30, 1_000, 0.01, "above")).toBeCloseTo(10.685183512913211, 9);
  expect(logShareEvidence(60, 2_000, 0.01, "above")).toBeCloseTo(23.498979539061011, 9);
  expect(logShareEvidence(10, 2_000, 0.01, "above")).toBeCloseTo(-5.4500218759422306, 9);
  expect(logShareEvidence(5, 2_000, 0.01, "below")).toBeCloseTo(6.5443432907568529, 9);
  expect(logShareEvidence(0, 500, 0.05, "below")).toBeCloseTo(24.563613683960522, 9);
});

test("logShareEvidence() is no evidence without trials or with a share of 0 or 1", () => {
  expect(logShareEvidence(0, 0, 0.01, "above")).toBe(0);
  expect(logShareEvidence(3, 10, 0, "above")).toBe(0);
  expect(logShareEvidence(3, 10, 1, "below")).toBe(0);
});

// Reference: mpmath's exhaustive search for the largest count whose "below" evidence reaches 1/alpha.
test("countLowerBound() is the largest count still rejecting, as an exhaustive search finds it", () => {
  expect(countLowerBound(5_000, 0.01, 0.001)).toBe(22);
  expect(countLowerBound(20_000, 0.05, 0.001)).toBe(861);
  expect(countLowerBound(100, 0.01, 0.001)).toBe(-1);
});

test("logShareEvidence() reaches 1/alpha at any of 100 looks in at most alpha of seeded streams at the boundary share", () => {
  const random = mulberry32(11);
  const runs = 400;
  let alarms = 0;
  for (let r = 0; r < runs; r++) {
    let count = 0;
    for (let look = 1; look <= 100; look++) {
      for (let i = 0; i < 100; i++) if (random() < 0.01) count++;
      if (logShareEvidence(count, 100 * look, 0.01, "above") >= Math.log(1 / 0.05)) {
        alarms++;
        break;
      }
    }
  }
  expect(alarms / runs).toBeLessThanOrEqual(0.05);
});
