/**
 * Turns cases.json into named checks so the Bun and Deno suites run the same contract
 * with the same test names; each runner only asserts `run()` deep-equals `expected`.
 */
import { z } from "zod";
import cases from "../cases.json" with { type: "json" };
import { formatAnswer, parseAnswer } from "../answer-format.ts";
import { parseUserId } from "../parse-user-id.ts";
import { readWorkerFlags } from "../worker-flags.ts";

const Refusal = z.strictObject({ ok: z.literal(false), reason: z.string() });

/** The shape of shared/recommendation/cases.json. */
export const RecommendationCases = z.strictObject({
  description: z.string(),
  parseUserId: z.array(z.tuple([
    z.string(),
    z.string(),
    z.union([z.strictObject({ ok: z.literal(true), userId: z.number() }), Refusal]),
  ])),
  parseAnswer: z.array(z.tuple([
    z.string(),
    z.string(),
    z.union([z.strictObject({ ok: z.literal(true), items: z.array(z.string()) }), Refusal]),
  ])),
  formatAnswer: z.array(z.tuple([
    z.string(),
    z.array(z.string()),
    z.union([z.string(), z.strictObject({ throws: z.string() })]),
  ])),
  readWorkerFlags: z.array(z.tuple([
    z.string(),
    z.record(z.string(), z.unknown()),
    z.strictObject({
      flags: z.record(z.string(), z.unknown()),
      refused: z.array(z.strictObject({ flag: z.string(), reason: z.string() })),
    }),
  ])),
});
export type RecommendationCases = z.infer<typeof RecommendationCases>;

/** One expected result: a test name, how to compute it, and what cases.json says. */
export type Check = { name: string; run: () => unknown; expected: unknown };

/** What a call returned, or the message it threw. */
function outcome(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    return { throws: error instanceof Error ? error.message : String(error) };
  }
}

/** Every row of cases.json as a check, in file order. */
export function recommendationChecks(): Check[] {
  const c = RecommendationCases.parse(cases);
  return [
    ...c.parseUserId.map(([name, raw, expected]) => ({
      name: `parseUserId() ${name}`,
      run: () => parseUserId(raw),
      expected,
    })),
    ...c.parseAnswer.map(([name, body, expected]) => ({
      name: `parseAnswer() ${name}`,
      run: () => parseAnswer(body),
      expected,
    })),
    ...c.formatAnswer.map(([name, items, expected]) => ({
      name: `formatAnswer() ${name}`,
      run: () => outcome(() => formatAnswer(items)),
      expected,
    })),
    ...c.readWorkerFlags.map(([name, flags, expected]) => ({
      name: `readWorkerFlags() ${name}`,
      run: () => readWorkerFlags(flags),
      expected,
    })),
  ];
}
