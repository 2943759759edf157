import { describe, expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { pairedShortfall } from "./paired-shortfall.ts";

describe("pairedShortfall()", () => {
  const noisyUsers = (n: number, candidateScale: number, seed: number) => {
    const random = mulberry32(seed);
    return Array.from({ length: n }, () => {
      const base = random(); // users differ far more than the models do
      return [base * candidateScale + (random() - 0.5) * 0.2, base + (random() - 0.5) * 0.2] as const;
    });
  };

  test("pairedShortfall() keeps the bound above 0 for equally good models on a few hundred users", () => {
    for (let seed = 1; seed <= 20; seed++) expect(pairedShortfall(noisyUsers(300, 1, seed), 0.02).upperBound).toBeGreaterThan(0);
  });

  test("pairedShortfall() puts the bound below 0 for a model 20% worse", () => {
    const result = pairedShortfall(noisyUsers(300, 0.8, 7), 0.02);
    expect(result.users).toBe(300);
    expect(result.margin).toBeLessThan(0);
    expect(result.upperBound).toBeLessThan(0);
  });

  test("pairedShortfall() of a single user concludes nothing", () => {
    expect(pairedShortfall([[0.1, 0.9]], 0.02).upperBound).toBe(Infinity);
  });
});
