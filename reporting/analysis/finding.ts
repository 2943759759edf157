/** The verdict every analysis ends with: whether it raises an alarm, and why in one sentence. */
import { z } from "zod";

export const Finding = z.object({
  flagged: z.boolean(),
  reason: z.string(),
});
export type Finding = z.infer<typeof Finding>;
