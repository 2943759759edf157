/**
 * A user as the site's user API (`GET /user/<id>`) describes one; extra fields are ignored.
 * Gender is kept as sent (the simulator only sends "M" or "F"); consumers decide what to do
 * with other values.
 */
import { z } from "zod";

export const ApiUserProfile = z.object({
  user_id: z.number().int().min(0),
  age: z.number().int().min(0).max(130),
  occupation: z.string().min(1),
  gender: z.string().min(1),
});
export type ApiUserProfile = z.infer<typeof ApiUserProfile>;
