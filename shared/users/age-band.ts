/**
 * The age bands users are grouped and targeted by: the MovieLens bands the course's users
 * follow. Shared by the analysis report (fairness by group) and the rules (targeting).
 */
import { z } from "zod";

/** Band labels, youngest first; each band but the last ends just below the next one's start. */
export const AGE_BANDS = ["under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"] as const;

/** One band label, as rules documents and reports spell it. */
export const AgeBand = z.enum(AGE_BANDS, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not an age band: use one of ${
      AGE_BANDS.map((b) => JSON.stringify(b)).join(", ")
    }`,
});
export type AgeBand = z.infer<typeof AgeBand>;

/** The first age of each band after "under 18", in AGE_BANDS order. */
const STARTS = [18, 25, 35, 45, 55, 65] as const;

/** The band label of `age` ("65+" from 65 on). */
export function ageBand(age: number): AgeBand {
  const index = STARTS.findIndex((start) => age < start);
  return AGE_BANDS[index < 0 ? AGE_BANDS.length - 1 : index];
}
