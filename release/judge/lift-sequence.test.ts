import { expect, test } from "bun:test";
import { liftSequence } from "./lift-sequence.ts";
import { boundedSums, logContrastEvidence } from "../../shared/stats/bounded-contrast-evidence.ts";

const TEST = { alphaFail: 0.0025, alphaPass: 0.05, minimumHarm: 0.1, share: 0.2, bound: 1 };

test("liftSequence() reports the two decisions' evidence as the contrasts k = 1 and k = 1 − minimumHarm", () => {
  const stable = { users: 8_000, mean: 0.3, variance: 0.21 };
  const canary = { users: 2_000, mean: 0.3, variance: 0.21 };
  const interval = liftSequence(stable, canary, TEST)!;
  const s = boundedSums(8_000, 0.3, 0.21), c = boundedSums(2_000, 0.3, 0.21);
  expect(interval.lift).toBeCloseTo(0, 12);
  expect(interval.logEvidenceWorse).toBeCloseTo(logContrastEvidence(s, c, 0.2, 1, "below"), 12);
  expect(interval.logEvidenceNoHarm).toBeCloseTo(logContrastEvidence(s, c, 0.2, 0.9, "above"), 12);
  expect(interval.lower).toBeLessThan(0);
  expect(interval.upper).toBeGreaterThan(0);
  // Each end is where its side's evidence reaches the threshold.
  expect(logContrastEvidence(s, c, 0.2, 1 + interval.lower, "above")).toBeCloseTo(Math.log(1 / TEST.alphaPass), 3);
  expect(logContrastEvidence(s, c, 0.2, 1 + interval.upper, "below")).toBeCloseTo(Math.log(1 / TEST.alphaFail), 3);
});

test("liftSequence() excludes a 10 % loss for level arms with enough users and narrows as users arrive", () => {
  const level = (n: number) => liftSequence({ users: 4 * n, mean: 0.3, variance: 0.21 }, { users: n, mean: 0.3, variance: 0.21 }, TEST)!;
  expect(level(500).lower).toBeLessThan(-0.1);
  expect(level(20_000).lower).toBeGreaterThan(-0.1);
  expect(level(20_000).upper - level(20_000).lower).toBeLessThan(level(500).upper - level(500).lower);
});

test("liftSequence() scales watch minutes by their cap and is null without users in both arms or a stable arm", () => {
  const minutes = liftSequence({ users: 800, mean: 30, variance: 900 }, { users: 200, mean: 30, variance: 900 }, { ...TEST, bound: 180 })!;
  expect(minutes.lift).toBeCloseTo(0, 12);
  const some = { users: 10, mean: 0.2, variance: 0.01 };
  expect(liftSequence({ users: 0, mean: 0, variance: 0 }, some, TEST)).toBeNull();
  expect(liftSequence(some, { users: 0, mean: 0, variance: 0 }, TEST)).toBeNull();
  expect(liftSequence(some, some, { ...TEST, share: 1 })).toBeNull();
});
