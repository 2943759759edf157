/** A user as the course's user API (`GET /user/<id>`) describes one; extra fields are ignored. */
import { ApiUserProfile } from "../../shared/users/api-user-profile.ts";

export const UserAttributes = ApiUserProfile;
export type UserAttributes = ApiUserProfile;

/** Attributes for the users of a report, or why there are none. */
export type UserAttributeSource =
  | { readonly status: "ok"; readonly users: ReadonlyMap<number, UserAttributes>; readonly source: string }
  | { readonly status: "unavailable"; readonly reason: string };
