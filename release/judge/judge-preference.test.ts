import { expect, test } from "bun:test";
import { InterleavePolicy } from "../policy/canary-policy.ts";
import { judgePreference } from "./judge-preference.ts";

const ALONGSIDE = InterleavePolicy.parse({ share: 0.5, mode: "alongside" });
const ALPHA = 0.00125; // the default step's preference share alongside the conversion comparison
const PASS_ALPHA = 0.05; // the quality policy's pass level
const counts = (preferA: number, preferB: number) => ({ preferA, preferB, ties: 7, noCredit: 40 });

test("judgePreference() passes when users confidently prefer the candidate's ranking", () => {
  const { evidence, reason } = judgePreference(ALONGSIDE, counts(300, 420), ALPHA, PASS_ALPHA);
  expect(evidence).toMatchObject({
    mode: "alongside", preferStable: 300, preferCandidate: 420, ties: 7, noCredit: 40, alpha: ALPHA, passAlpha: PASS_ALPHA, margin: 0.05,
    verdict: "candidate no worse",
  });
  expect(evidence.share).toBeCloseTo(420 / 720, 12);
  expect(evidence.lower).toBeGreaterThan(0.5);
  expect(evidence.pValue).toBeLessThan(ALPHA);
  expect([reason.check, reason.outcome]).toEqual(["preference", "pass"]);
  expect(reason.detail).toBe(
    "420 of 720 interleaved users with a preference prefer the candidate (58.3% [" +
      `${(evidence.lower * 100).toFixed(1)}%, ${(evidence.upper * 100).toFixed(1)}%], p = ${evidence.pValue.toPrecision(2)}; ` +
      `7 ties, 40 without credit): no preference for stable beyond the 5.0% margin (lower bound ${(evidence.passLower * 100).toFixed(1)}% > 45.0%)`,
  );
});

test("judgePreference() passes a candidate users like as much as stable once the share is shown above one half minus the margin", () => {
  // An even split: no preference either way, and enough users to rule out a 5-point preference for stable.
  const even = judgePreference(ALONGSIDE, counts(1500, 1500), ALPHA, PASS_ALPHA);
  expect(even.evidence.verdict).toBe("candidate no worse");
  expect(even.evidence.passLower).toBeGreaterThan(0.45);
  expect(even.evidence.passLower).toBeLessThan(0.5);
  // Too few users to rule it out yet: keep watching, never fail.
  const few = judgePreference(ALONGSIDE, counts(150, 150), ALPHA, PASS_ALPHA);
  expect(few.evidence.verdict).toBe("inconclusive");
  expect(few.reason.outcome).toBe("keep_watching");
  // A wider margin passes the same users sooner.
  const wide = judgePreference(InterleavePolicy.parse({ share: 0.5, mode: "alongside", margin: 0.15 }), counts(150, 150), ALPHA, PASS_ALPHA);
  expect(wide.evidence.verdict).toBe("candidate no worse");
});

test("judgePreference() fails when users confidently prefer the stable ranking, with the reason", () => {
  const { evidence, reason } = judgePreference(ALONGSIDE, counts(420, 300), ALPHA, PASS_ALPHA);
  expect(evidence.verdict).toBe("stable preferred");
  expect(evidence.upper).toBeLessThan(0.5);
  expect(reason.outcome).toBe("fail");
  expect(reason.detail).toEndWith(": users prefer the stable ranking");
});

test("judgePreference() keeps watching a preference the budget cannot yet tell from chance", () => {
  const { evidence, reason } = judgePreference(ALONGSIDE, counts(48, 60), ALPHA, PASS_ALPHA);
  expect(evidence.verdict).toBe("inconclusive");
  expect(evidence.lower).toBeLessThan(0.5);
  expect(evidence.upper).toBeGreaterThan(0.5);
  expect(reason.outcome).toBe("keep_watching");
});

test("judgePreference() reports no share before any user has a preference, keeping ties and users without credit", () => {
  const { evidence, reason } = judgePreference(ALONGSIDE, { preferA: 0, preferB: 0, ties: 2, noCredit: 9 }, ALPHA, PASS_ALPHA);
  expect(evidence).toMatchObject({ share: null, lower: 0, upper: 1, pValue: 1, verdict: "inconclusive" });
  expect(reason).toEqual({ check: "preference", outcome: "keep_watching", detail: "no interleaved user with a preference yet (2 ties, 9 without credit): not yet shown either way" });
});

test("judgePreference() needs more users at a smaller alpha: the same counts fail at 5 % and not at its budget share", () => {
  expect(judgePreference(ALONGSIDE, counts(165, 100), 0.05, PASS_ALPHA).evidence.verdict).toBe("stable preferred");
  expect(judgePreference(ALONGSIDE, counts(165, 100), ALPHA, PASS_ALPHA).evidence.verdict).toBe("inconclusive");
});
