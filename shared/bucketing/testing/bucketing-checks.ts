/**
 * Turns cases.json into named checks so the Bun and Deno suites run the same contract
 * with the same test names; each runner only asserts `run()` deep-equals `expected`.
 */
import { z } from "zod";
import cases from "../cases.json" with { type: "json" };
import { chooseVariation } from "../choose-variation.ts";
import { fnv1a32 } from "../fnv1a32.ts";
import { getBucketRanges } from "../get-bucket-ranges.ts";
import { hash } from "../hash.ts";
import { inNamespace } from "../in-namespace.ts";

const Range = z.tuple([z.number(), z.number()]);

/** The shape of shared/bucketing/cases.json. */
export const BucketingCases = z.strictObject({
  description: z.string(),
  fnv1a32: z.array(z.tuple([z.string(), z.number()])),
  hash: z.array(z.tuple([z.string(), z.string(), z.number(), z.number().nullable()])),
  getBucketRanges: z.array(z.tuple([
    z.string(),
    z.tuple([z.number(), z.number().nullable(), z.array(z.number()).nullable()]),
    z.array(Range),
  ])),
  chooseVariation: z.array(z.tuple([z.string(), z.number(), z.array(Range), z.number()])),
  inNamespace: z.array(
    z.tuple([z.string(), z.string(), z.tuple([z.string(), z.number(), z.number()]), z.boolean()]),
  ),
});
export type BucketingCases = z.infer<typeof BucketingCases>;

/** One expected result: a test name, how to compute it, and what cases.json says. */
export type Check = { name: string; run: () => unknown; expected: unknown };

/** Every row of cases.json as a check, in file order. */
export function bucketingChecks(): Check[] {
  const c = BucketingCases.parse(cases);
  const show = (...args: unknown[]) => args.map((a) => JSON.stringify(a)).join(", ");
  return [
    ...c.fnv1a32.map(([text, expected]) => ({
      name: `fnv1a32() returns ${expected} for ${show(text)}`,
      run: () => fnv1a32(text),
      expected,
    })),
    ...c.hash.map(([seed, value, version, expected]) => ({
      name: `hash() returns ${expected} for (${show(seed, value, version)})`,
      run: () => hash(seed, value, version),
      expected,
    })),
    ...c.getBucketRanges.map(([name, [n, coverage, weights], expected]) => ({
      name: `getBucketRanges() ${name}`,
      run: () => getBucketRanges(n, coverage ?? undefined, weights ?? undefined),
      expected,
    })),
    ...c.chooseVariation.map(([name, n, ranges, expected]) => ({
      name: `chooseVariation() ${name}`,
      run: () => chooseVariation(n, ranges),
      expected,
    })),
    ...c.inNamespace.map(([name, userId, namespace, expected]) => ({
      name: `inNamespace() is ${expected} for ${name}`,
      run: () => inNamespace(userId, namespace),
      expected,
    })),
  ];
}
