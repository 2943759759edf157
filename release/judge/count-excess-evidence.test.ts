import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { countExcessEvidence } from "./count-excess-evidence.ts";

test("countExcessEvidence() equals the hand-computed beta-binomial Bayes factor", () => {
  // π0 = 100/1000 = 0.1, concentration 1: a = 0.1, b = 0.9; 3 canary and 1 stable failures.
  // BF = B(3.1, 1.9) / B(0.1, 0.9) / (0.1³ · 0.9)
  const lgamma = (x: number) => Math.log(Math.abs(gammaLanczos(x)));
  const logB = (x: number, y: number) => lgamma(x) + lgamma(y) - lgamma(x + y);
  const expected = logB(3.1, 1.9) - logB(0.1, 0.9) - 3 * Math.log(0.1) - Math.log(0.9);
  const e = countExcessEvidence(3, 100, 1, 900, 1);
  expect(e.logBayesFactor).toBeCloseTo(expected, 8);
  expect(e.canaryRate).toBe(0.03);
  expect(e.stableRate).toBeCloseTo(1 / 900, 15);
  expect(e.canaryWorse).toBe(true);
});

test("countExcessEvidence() gives no evidence without failures or canary requests", () => {
  expect(countExcessEvidence(0, 100, 0, 1000, 1).logBayesFactor).toBe(0);
  expect(countExcessEvidence(0, 0, 5, 1000, 1).canaryWorse).toBe(false);
});

test("countExcessEvidence() passes 1/0.01 within 20 requests of a canary failing every request at 5% traffic", () => {
  let firstAlarm = Infinity;
  for (let n = 1; n <= 200 && firstAlarm === Infinity; n++) {
    if (countExcessEvidence(n, n, Math.round(19 * n * 0.002), 19 * n, 1).logBayesFactor >= Math.log(100)) firstAlarm = n;
  }
  expect(firstAlarm).toBeLessThanOrEqual(20);
});

test("countExcessEvidence() raises a false alarm at any look in at most 1% of seeded equal-rate runs", () => {
  const random = mulberry32(99);
  const runs = 500;
  let alarms = 0;
  for (let r = 0; r < runs; r++) {
    let canary = 0, stable = 0;
    for (let look = 1; look <= 50; look++) {
      for (let i = 0; i < 100; i++) {
        if (random() < 0.01) canary++; // 5% traffic: 100 canary and 1900 stable requests per look
      }
      for (let i = 0; i < 1_900; i++) if (random() < 0.01) stable++;
      if (countExcessEvidence(canary, 100 * look, stable, 1_900 * look, 1).logBayesFactor >= Math.log(100)) {
        alarms++;
        break;
      }
    }
  }
  expect(alarms / runs).toBeLessThanOrEqual(0.01);
});

/** Independent reference gamma (Lanczos, g = 7), not the library under test. */
function gammaLanczos(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaLanczos(1 - x));
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return Math.sqrt(2 * Math.PI) * t ** (x + 0.5) * Math.exp(-t) * a;
}
