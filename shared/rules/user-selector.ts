import { z } from "zod";
import { UserId } from "../movielog/events.ts";

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

/** Selects users by id: every condition given must hold; none given selects everyone. */
export const UserSelector = z.strictObject({
  users: UserList.optional(),
  userRange: UserRange.optional(),
});
export type UserSelector = z.infer<typeof UserSelector>;

/** Whether `userId` satisfies every condition of `selector`. */
export function selectsUser(selector: UserSelector, userId: number): boolean {
  if (selector.users && !selector.users.includes(userId)) return false;
  if (selector.userRange && (userId < selector.userRange.from || userId > selector.userRange.to)) {
    return false;
  }
  return true;
}
