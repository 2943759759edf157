/** A user as the course's user API (`GET /user/<id>`) describes one; extra fields are ignored. */
import { z } from "zod";

export const UserAttributes = z.object({
  user_id: z.number().int().min(0),
  age: z.number().int().min(0).max(130),
  occupation: z.string().min(1),
  gender: z.string().min(1),
});
export type UserAttributes = z.infer<typeof UserAttributes>;

/** Attributes for the users of a report, or why there are none. */
export type UserAttributeSource =
  | { readonly status: "ok"; readonly users: ReadonlyMap<number, UserAttributes>; readonly source: string }
  | { readonly status: "unavailable"; readonly reason: string };
