/**
 * Turns cases.json into named checks so the Bun and Deno suites run the same contract
 * with the same test names; each runner only asserts `run()` deep-equals `expected`.
 */
import { z } from "zod";
import cases from "../cases.json" with { type: "json" };
import { checkBearer } from "../check-bearer.ts";

/** The shape of shared/auth/cases.json. */
export const AuthCases = z.strictObject({
  description: z.string(),
  checkBearer: z.array(z.tuple([z.string(), z.string().nullable(), z.string(), z.boolean()])),
});
export type AuthCases = z.infer<typeof AuthCases>;

/** One expected result: a test name, how to compute it, and what cases.json says. */
export type Check = { name: string; run: () => unknown; expected: unknown };

/** Every row of cases.json as a check, in file order. */
export function authChecks(): Check[] {
  const c = AuthCases.parse(cases);
  return c.checkBearer.map(([name, authorization, token, expected]) => ({
    name: `checkBearer() ${name}`,
    run: () => checkBearer(authorization, token),
    expected,
  }));
}
