/** A user as the course's user API describes one: `GET /user/<id>` returns exactly these fields. */
import { z } from "zod";

export const UserProfile = z.object({
  user_id: z.number().int().min(0),
  age: z.number().int().min(0).max(130),
  occupation: z.string().min(1),
  gender: z.enum(["M", "F"]),
});
export type UserProfile = z.infer<typeof UserProfile>;
