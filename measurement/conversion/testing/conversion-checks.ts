/**
 * Turns conversion/cases.json into named cases, so the TypeScript twin and the SQL
 * fragments run the same contract with the same test names.
 */
import { z } from "zod";
import cases from "../cases.json" with { type: "json" };

const List = z.object({ userId: z.int(), time: z.int(), items: z.array(z.string()) });
const Start = z.object({ userId: z.int(), movieId: z.string(), firstTime: z.int() });

/** The shape of measurement/conversion/cases.json. */
export const ConversionCases = z.strictObject({
  description: z.string(),
  conversion: z.array(z.tuple([
    z.string(),
    z.object({ windowMs: z.int().positive(), lists: z.array(List), starts: z.array(Start) }),
    z.array(z.boolean()),
  ])),
  selection: z.array(z.tuple([
    z.string(),
    z.object({
      period: z.object({ from: z.int(), to: z.int() }).optional(),
      lists: z.array(List.extend({ status: z.int() })),
    }),
    z.array(z.boolean()),
  ])),
});
export type ConversionCases = z.infer<typeof ConversionCases>;

/** cases.json, validated. */
export function conversionCases(): ConversionCases {
  return ConversionCases.parse(cases);
}
