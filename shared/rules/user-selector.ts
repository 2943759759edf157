import { z } from "zod";
import { UserId } from "../movielog/events.ts";
import { AgeBand } from "../users/age-band.ts";

/** An explicit list of user ids; an empty list is refused because it would silently match nobody. */
export const UserList = z.array(UserId).min(1, {
  error: "list at least one user id, or leave the field out to match everyone",
});
export type UserList = z.infer<typeof UserList>;

/** An inclusive range of user ids; from = to selects one user. */
export const UserRange = z.strictObject({ from: UserId, to: UserId }).superRefine((range, ctx) => {
  if (range.from > range.to) {
    ctx.addIssue({
      code: "custom",
      message: `from (${range.from}) must not exceed to (${range.to})`,
    });
  }
});
export type UserRange = z.infer<typeof UserRange>;

/** The genders the user API reports. */
export const Gender = z.enum(["M", "F"], {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a gender of the user API: use "M" or "F"`,
});
export type Gender = z.infer<typeof Gender>;

const nonEmpty = <T extends z.ZodType>(field: string, item: T, what: string) =>
  z.array(item).min(1, {
    error: `${field} must list at least one ${what}, or be left out to match every ${what}`,
  });

/**
 * Conditions on the user's profile from the user API: each list given must contain the
 * user's value; at least one list must be given (an empty object would look like targeting
 * while selecting everyone).
 */
export const AttributeSelector = z.strictObject({
  ageBands: nonEmpty("ageBands", AgeBand, "age band").optional(),
  genders: nonEmpty("genders", Gender, "gender").optional(),
  occupations: nonEmpty(
    "occupations",
    z.string().min(1, { error: "occupations must not hold an empty name" }),
    "occupation",
  ).optional(),
}).refine((a) => a.ageBands || a.genders || a.occupations, {
  error: "attributes must set ageBands, genders or occupations, or be left out",
  // A misspelt field is already reported; "set at least one" would only repeat it.
  when: (payload) => payload.issues.length === 0,
});
export type AttributeSelector = z.infer<typeof AttributeSelector>;

/** What the rules know of a user's profile; gender is kept as the API sent it. */
export type UserAttributes = { ageBand: AgeBand; gender: string; occupation: string };

/** Selects users by id and profile: every condition given must hold; none given selects everyone. */
export const UserSelector = z.strictObject({
  users: UserList.optional(),
  userRange: UserRange.optional(),
  attributes: AttributeSelector.optional(),
});
export type UserSelector = z.infer<typeof UserSelector>;

/** Whether the user's profile meets every condition of `selector`; unknown profiles never do. */
function selectsAttributes(selector: AttributeSelector, attributes: UserAttributes | undefined) {
  // Targeting must never enrol users it cannot check: without a profile, no condition holds.
  if (!attributes) return false;
  if (selector.ageBands && !selector.ageBands.includes(attributes.ageBand)) return false;
  if (selector.genders && !(selector.genders as string[]).includes(attributes.gender)) return false;
  if (selector.occupations && !selector.occupations.includes(attributes.occupation)) return false;
  return true;
}

/**
 * Whether `userId`, with profile `attributes` (undefined: not known), satisfies every
 * condition of `selector`.
 */
export function selectsUser(
  selector: UserSelector,
  userId: number,
  attributes?: UserAttributes,
): boolean {
  if (selector.users && !selector.users.includes(userId)) return false;
  if (selector.userRange && (userId < selector.userRange.from || userId > selector.userRange.to)) {
    return false;
  }
  if (selector.attributes && !selectsAttributes(selector.attributes, attributes)) return false;
  return true;
}

/** Whether any route or experiment of `rules` targets by profile (so profiles must be loaded). */
export function usesAttributeTargeting(
  rules: { routes: { match: UserSelector }[]; experiments: { targeting?: UserSelector }[] },
): boolean {
  return rules.routes.some((r) => r.match.attributes !== undefined) ||
    rules.experiments.some((e) => e.targeting?.attributes !== undefined);
}
